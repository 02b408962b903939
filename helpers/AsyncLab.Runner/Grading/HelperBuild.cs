using System.Diagnostics;

namespace AsyncLab.Runner.Grading;

/// <summary>
/// Builds helpers/.build/kernel (what the lessons' setup cells load) once before grading, the way
/// helpers/notebook-setup.csx does, so that each submission gets a copy and never the helpers' sources.
/// </summary>
internal static class HelperBuild
{
    private static readonly string[] Projects = ["AsyncLab", "AsyncLab.Charts", "AsyncLab.XPlot", "AsyncLab.Interactive"];

    /// <summary>The folder of the built helpers, built first when it is missing or older than the sources.</summary>
    public static async Task<string> EnsureAsync(string root, CancellationToken cancellationToken = default)
    {
        var output = Path.Combine(root, "helpers", ".build", "kernel");
        var dll = Path.Combine(output, "AsyncLab.Interactive.dll");
        if (File.Exists(dll) && File.GetLastWriteTimeUtc(dll) >= NewestSource(root))
        {
            return output;
        }
        Directory.CreateDirectory(output);
        // The same lock the setup cells take: a kernel that starts meanwhile waits instead of building too.
        using var held = await HoldLockAsync(Path.Combine(output, "..", "kernel.lock"), cancellationToken);
        if (File.Exists(dll) && File.GetLastWriteTimeUtc(dll) >= NewestSource(root))
        {
            return output;
        }
        var build = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", Path.Combine(root, "helpers", "AsyncLab.Interactive", "AsyncLab.Interactive.csproj"),
            "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-clp:ErrorsOnly", "--disable-build-servers" })
        {
            build.ArgumentList.Add(argument);
        }
        using var process = Process.Start(build) ?? throw new InvalidOperationException("Could not start 'dotnet build' for the helpers.");
        var log = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the helpers failed (dotnet build exit code {process.ExitCode}):\n{await log}{await errors}");
        }
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow);
        return output;
    }

    private static DateTime NewestSource(string root) =>
        Projects.Select(project => Path.Combine(root, "helpers", project))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal) ||
                Path.GetFileName(file).StartsWith("Directory.", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(new[] { root, Path.Combine(root, "helpers") }.SelectMany(folder => Directory.EnumerateFiles(folder, "Directory.*.props")))
            .Append(Path.Combine(root, "global.json"))
            .Where(File.Exists)
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();

    private static async Task<FileStream> HoldLockAsync(string path, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }
}
