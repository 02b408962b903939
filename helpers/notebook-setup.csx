// AsyncLab notebook setup: the first code cell of every lesson loads this file with
//     #load "../helpers/notebook-setup.csx"
// It does two things before the next cell's #r loads the helpers:
//   1. hands Plotly.NET the FSharp.Core the kernel already has (Plotly.NET asks for 10.1, the kernel ships 10.0);
//   2. builds helpers/AsyncLab.Interactive into helpers/.build/kernel when its sources are newer than the DLL.
// Running it again is harmless: the handler is added once, and an up-to-date build is skipped in milliseconds.

using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Reflection;

if (AppDomain.CurrentDomain.GetData("AsyncLab.FSharpCoreHandler") is null)
{
    AppDomain.CurrentDomain.AssemblyResolve += (_, request) =>
    {
        if (new AssemblyName(request.Name).Name != "FSharp.Core")
        {
            return null;
        }
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core");
        var beside = Path.Combine(AppContext.BaseDirectory, "FSharp.Core.dll");
        return loaded ?? (File.Exists(beside) ? Assembly.LoadFrom(beside) : null);
    };
    AppDomain.CurrentDomain.SetData("AsyncLab.FSharpCoreHandler", true);
}

string AsyncLabRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
    {
        if (Directory.Exists(Path.Combine(folder.FullName, "helpers", "AsyncLab")))
        {
            return folder.FullName;
        }
    }
    throw new DirectoryNotFoundException(
        $"Could not find the AsyncLab repository above '{Environment.CurrentDirectory}'. Open the notebook from the repository's notebooks folder.");
}

DateTime NewestHelperSource(string root)
{
    // The projects that go into helpers/.build/kernel (AsyncLab.Interactive and what it references).
    var files = new[] { "AsyncLab", "AsyncLab.Charts", "AsyncLab.RateLimiting", "AsyncLab.Server", "AsyncLab.XPlot", "AsyncLab.Interactive" }
        .Select(project => Path.Combine(root, "helpers", project))
        .Where(Directory.Exists)
        .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        .Where(file => file.EndsWith(".cs") || file.EndsWith(".csproj") || Path.GetFileName(file).StartsWith("Directory."))
        .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                    && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
        .Concat(new[] { root, Path.Combine(root, "helpers") }.SelectMany(folder => Directory.EnumerateFiles(folder, "Directory.*.props")))
        .Append(Path.Combine(root, "global.json"))
        .Where(File.Exists);
    return files.Max(File.GetLastWriteTimeUtc);
}

// A script has no #nullable context, so this file uses no nullable annotations (`T?`): Jupyter would show the
// student a CS8632 warning for each one.
FileStream HoldBuildLock(string lockPath)
{
    var waited = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            // FileShare.None is an exclusive lock the other kernels (and `flock`, which classroom-kernel.sh uses) respect.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(250);
        }
    }
}

void BuildHelpers(string root, string output)
{
    // Two kernels may start at once (a class, tests, a teacher's runner): one builds while the others wait here.
    Directory.CreateDirectory(output);
    var held = HoldBuildLock(Path.Combine(output, "..", "kernel.lock"));
    using (held)
    {
        var dll = Path.Combine(output, "AsyncLab.Interactive.dll");
        if (File.Exists(dll) && File.GetLastWriteTimeUtc(dll) >= NewestHelperSource(root))
        {
            return;   // another kernel built it while this one waited
        }
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var build = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in new[] { "build", Path.Combine(root, "helpers", "AsyncLab.Interactive", "AsyncLab.Interactive.csproj"),
                                         "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-clp:ErrorsOnly" })
        {
            build.ArgumentList.Add(argument);
        }
        using var process = Process.Start(build)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine(log.Result + errors);
            throw new InvalidOperationException(
                $"Building the AsyncLab helpers failed (dotnet build exit code {process.ExitCode}). Fix the errors printed above, then run this cell again.");
        }
        // An up-to-date build may leave the DLL untouched; mark it as newer than the sources so the next run skips the build.
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow);
    }
}

{
    var root = AsyncLabRoot();
    var output = Path.Combine(root, "helpers", ".build", "kernel");
    var dll = Path.Combine(output, "AsyncLab.Interactive.dll");
    var stale = !File.Exists(dll) || File.GetLastWriteTimeUtc(dll) < NewestHelperSource(root);
    var loaded = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "AsyncLab.Interactive");
    if (stale && loaded)
    {
        Console.WriteLine("The helpers changed since this kernel loaded them: restart the kernel (Restart button) and run this cell again.");
    }
    else if (stale)
    {
        var clock = Stopwatch.StartNew();
        BuildHelpers(root, output);
        Console.WriteLine($"AsyncLab helpers ready (built in {clock.Elapsed.TotalSeconds:0.0} s).");
    }
    else
    {
        Console.WriteLine("AsyncLab helpers ready (up to date).");
    }
}
