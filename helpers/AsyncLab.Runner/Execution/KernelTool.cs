using System.Diagnostics;
using System.Text.Json;

namespace AsyncLab.Runner.Execution;

/// <summary>Finds the pinned dotnet-interactive tool (the kernel VS Code uses) and restores it when missing.</summary>
public static class KernelTool
{
    private const string PackageId = "microsoft.dotnet-interactive";
    private static readonly SemaphoreSlim Restoring = new(1);

    /// <summary>The repository root: the nearest folder at or above <paramref name="start"/> with .config/dotnet-tools.json.</summary>
    public static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>The version of dotnet-interactive pinned in the tool manifest of <paramref name="repoRoot"/>.</summary>
    public static string PinnedVersion(string repoRoot)
    {
        var manifest = Path.Combine(repoRoot, ".config", "dotnet-tools.json");
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        if (json.RootElement.GetProperty("tools").TryGetProperty(PackageId, out var tool))
        {
            return tool.GetProperty("version").GetString()!;
        }
        throw new InvalidOperationException($"{manifest} does not pin {PackageId}; add it with 'dotnet tool install {PackageId}'.");
    }

    /// <summary>The NuGet packages folder: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// The path of Microsoft.DotNet.Interactive.App.dll in the pinned tool package, running <c>dotnet tool restore</c>
    /// at the repository root first when the package is missing. The repository is the one holding
    /// <paramref name="startFolder"/>, else the one this program was built in, else the current folder's.
    /// </summary>
    public static async Task<string> FindOrRestoreAsync(string startFolder, CancellationToken cancellationToken = default)
    {
        var root = FindRepoRoot(startFolder) ?? FindRepoRoot(AppContext.BaseDirectory) ?? FindRepoRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException($"No .config/dotnet-tools.json at or above '{startFolder}': run from the AsyncLab repository.");
        var version = PinnedVersion(root);
        if (Find(version) is { } app)
        {
            return app;
        }
        await Restoring.WaitAsync(cancellationToken);
        try
        {
            if (Find(version) is { } again)
            {
                return again;
            }
            await RestoreAsync(root, cancellationToken);
            return Find(version) ?? throw new InvalidOperationException(
                $"'dotnet tool restore' finished but {PackageId} {version} is not under {PackagesFolder()}.");
        }
        finally
        {
            Restoring.Release();
        }
    }

    private static string? Find(string version)
    {
        var tools = Path.Combine(PackagesFolder(), PackageId, version, "tools");
        if (!Directory.Exists(tools))
        {
            return null;
        }
        return Directory.EnumerateFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories)
            .OrderByDescending(p => p, StringComparer.Ordinal) // net10.0 sorts after net9.0
            .FirstOrDefault();
    }

    private static async Task RestoreAsync(string root, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", ["tool", "restore"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet tool restore'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'dotnet tool restore' failed (exit {process.ExitCode}):\n{await output}{await error}");
        }
    }
}
