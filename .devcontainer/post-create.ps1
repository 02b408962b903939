# Gets a clone ready for the lessons on Windows (PowerShell 5.1 or 7). The same four steps as
# post-create.sh; run it from anywhere:  powershell -ExecutionPolicy Bypass -File .devcontainer\post-create.ps1
#   1. restores the pinned kernel tools (.config/dotnet-tools.json);
#   2. restores every package of the solution (helpers, runner, tests);
#   3. builds the notebook helpers into helpers/.build/kernel, the folder the lessons' setup cell loads
#      (AsyncLab.Interactive with AsyncLab, AsyncLab.Charts, AsyncLab.RateLimiting, AsyncLab.Server, Polly.Core and
#      AsyncLab.XPlot beside it);
#   4. restores what a C# file-based app (artifacts/apps/*.cs) needs, so `dotnet run <lesson>.cs` works offline.
# Running it again only repeats what is missing.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Set-Location $repo

function Step([string] $text) { Write-Host "`n==> $text" }

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "post-create: 'dotnet $($args -join ' ')' failed with exit code $LASTEXITCODE." }
}

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "post-create: 'dotnet' is not on PATH. Install the .NET 10 SDK (https://dot.net/download), then run this script again."
    exit 1
}

$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT = '1'

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("asynclab-post-create." + [System.Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {

Step '1/4 Pinned kernel tools (dotnet tool restore)'
Invoke-Dotnet tool restore
# dotnet remembers where it once put each tool (toolResolverCache under ~/.dotnet) and skips a tool it has
# anywhere, even when NUGET_PACKAGES now names another folder. Download the pinned tools into the folder in use
# as well, so that folder alone is enough on a machine without network.
$manifest = Get-Content -Raw .config/dotnet-tools.json | ConvertFrom-Json
$downloads = foreach ($tool in $manifest.tools.PSObject.Properties) {
    "    <PackageDownload Include=`"$($tool.Name)`" Version=`"[$($tool.Value.version)]`" />"
}
$toolsProject = Join-Path $work 'tools.csproj'
Set-Content -Path $toolsProject -Encoding ascii -Value (@(
    '<Project Sdk="Microsoft.NET.Sdk">',
    '  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>',
    '  <ItemGroup>') + $downloads + @(
    '  </ItemGroup>',
    '</Project>'))
Invoke-Dotnet restore $toolsProject

Step '2/4 Packages of the solution (dotnet restore AsyncLab.slnx)'
Invoke-Dotnet restore AsyncLab.slnx
foreach ($project in Get-ChildItem -Path helpers -Filter *.csproj -Recurse -Depth 1) {
    Invoke-Dotnet restore $project.FullName
}

Step '3/4 Notebook helpers (helpers/.build/kernel)'
$interactive = 'helpers/AsyncLab.Interactive/AsyncLab.Interactive.csproj'
if (Test-Path $interactive) {
    # The same build and last step as helpers/notebook-setup.csx: mark the DLL as newer than the sources,
    # or the setup cell would build again.
    Invoke-Dotnet build $interactive -c Release -o helpers/.build/kernel --nologo -v quiet '-clp:ErrorsOnly'
    (Get-Item helpers/.build/kernel/AsyncLab.Interactive.dll).LastWriteTimeUtc = [DateTime]::UtcNow
} else {
    Write-Host 'helpers/AsyncLab.Interactive is not in this clone yet; skipped.'
}

Step "4/4 What a lesson's file-based app needs (dotnet restore <probe>.cs)"
# A probe shaped like artifacts/apps/<lesson>.cs: the library, the charts, the rate limiters (lesson 07), the page
# server (lesson 09), the console chart host.
$probe = Join-Path $work 'warm-cache.cs'
$library = Join-Path $repo 'helpers/AsyncLab/AsyncLab.csproj'
$charts = Join-Path $repo 'helpers/AsyncLab.Charts/AsyncLab.Charts.csproj'
$limiters = Join-Path $repo 'helpers/AsyncLab.RateLimiting/AsyncLab.RateLimiting.csproj'
$server = Join-Path $repo 'helpers/AsyncLab.Server/AsyncLab.Server.csproj'
Set-Content -Path $probe -Encoding ascii -Value @(
    "#:project $library",
    "#:project $charts",
    "#:project $limiters",
    "#:project $server",
    'using AsyncLab;',
    'LabHost.Install(new AsyncLab.Charts.ConsoleChartHost());',
    'Console.WriteLine(typeof(Lab).Name);'
)
Invoke-Dotnet restore $probe
if (Test-Path artifacts/apps) {
    foreach ($app in Get-ChildItem -Path artifacts/apps -Filter *.cs) {
        Invoke-Dotnet restore $app.FullName
    }
}

} finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Write-Host "`npost-create: done. Open notebooks/00-start-here.dib, or run every lesson with:"
Write-Host '  dotnet run --project helpers/AsyncLab.Runner'
