#!/usr/bin/env sh
# Gets a clone ready for the lessons. The dev container runs it once after it is created; on a plain
# Linux or macOS machine with the .NET SDK, run it yourself: sh .devcontainer/post-create.sh
#
# It does four things, and running it again only repeats what is missing:
#   1. restores the pinned kernel tools (.config/dotnet-tools.json);
#   2. restores every package of the solution (helpers, runner, tests);
#   3. builds the notebook helpers into helpers/.build/kernel, the folder the lessons' setup cell loads
#      (AsyncLab.Interactive with AsyncLab, AsyncLab.Charts, AsyncLab.RateLimiting, AsyncLab.Server, Polly.Core and
#      AsyncLab.XPlot beside it);
#   4. restores what a C# file-based app (artifacts/apps/*.cs) needs, so `dotnet run <lesson>.cs` works offline.
# After it, the NuGet cache (NUGET_PACKAGES, or ~/.nuget/packages) holds everything a lesson needs:
# the first cell does not wait for a download, and a classroom without internet still runs.
set -eu

repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"

step() {
  printf '\n==> %s\n' "$1"
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "post-create: 'dotnet' is not on PATH. Install the .NET 10 SDK (https://dot.net/download), then run this script again." >&2
  exit 1
fi

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

work=$(mktemp -d "${TMPDIR:-/tmp}/asynclab-post-create.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

step "1/4 Pinned kernel tools (dotnet tool restore)"
dotnet tool restore
# dotnet remembers where it once put each tool (~/.dotnet/toolResolverCache) and skips a tool it has anywhere,
# even when NUGET_PACKAGES now names another folder. Download the pinned tools into the folder in use as well,
# so that folder alone is enough on a machine without network.
{
  printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n'
  awk '/"tools"/ { t = 1 }
       t && /^[[:space:]]*"[^"]+":[[:space:]]*\{/ { id = $0; sub(/^[[:space:]]*"/, "", id); sub(/".*/, "", id) }
       t && /"version"/ { v = $0; sub(/.*"version":[[:space:]]*"/, "", v); sub(/".*/, "", v);
                          printf "    <PackageDownload Include=\"%s\" Version=\"[%s]\" />\n", id, v }' .config/dotnet-tools.json
  printf '  </ItemGroup>\n</Project>\n'
} >"$work/tools.csproj"
dotnet restore "$work/tools.csproj"

step "2/4 Packages of the solution (dotnet restore AsyncLab.slnx)"
dotnet restore AsyncLab.slnx
# Projects under helpers/ that the solution does not list (the notebook integration, the runner)
# are restored too, so the first cell never waits for NuGet.
for project in helpers/*/*.csproj; do
  [ -f "$project" ] || continue
  dotnet restore "$project"
done

step "3/4 Notebook helpers (helpers/.build/kernel)"
if [ -f helpers/AsyncLab.Interactive/AsyncLab.Interactive.csproj ]; then
  # The same build that helpers/notebook-setup.csx starts when the DLL is missing or older than its sources,
  # and the same last step: an up-to-date build leaves the DLL alone, so mark it as newer than the sources,
  # or the setup cell would build again.
  dotnet build helpers/AsyncLab.Interactive/AsyncLab.Interactive.csproj -c Release -o helpers/.build/kernel --nologo -v quiet -clp:ErrorsOnly
  touch helpers/.build/kernel/AsyncLab.Interactive.dll
else
  echo "helpers/AsyncLab.Interactive is not in this clone yet; skipped."
fi

step "4/4 What a lesson's file-based app needs (dotnet restore <probe>.cs)"
# A file-based app restores the runtime packs of the SDK it runs on, which a project restore does not
# bring. A tiny probe shaped like artifacts/apps/<lesson>.cs (the library, the charts, the rate limiters that
# lesson 07's app adds, the page server that lesson 09's app adds, the console chart host)
# pulls them into the cache. (Polly.Core, which lesson 09's app also names, came with step 2.)
cat >"$work/warm-cache.cs" <<EOF
#:project $repo/helpers/AsyncLab/AsyncLab.csproj
#:project $repo/helpers/AsyncLab.Charts/AsyncLab.Charts.csproj
#:project $repo/helpers/AsyncLab.RateLimiting/AsyncLab.RateLimiting.csproj
#:project $repo/helpers/AsyncLab.Server/AsyncLab.Server.csproj
using AsyncLab;
LabHost.Install(new AsyncLab.Charts.ConsoleChartHost());
Console.WriteLine(typeof(Lab).Name);
EOF
dotnet restore "$work/warm-cache.cs"
if [ -d artifacts/apps ]; then
  for app in artifacts/apps/*.cs; do
    [ -f "$app" ] || continue
    dotnet restore "$app"
  done
fi

printf '\npost-create: done. Open notebooks/00-start-here.dib, or run every lesson with:\n  dotnet run --project helpers/AsyncLab.Runner\n'
