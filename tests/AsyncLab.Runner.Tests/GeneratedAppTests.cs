using System.Diagnostics;
using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// Each lesson's file-based app (what the runner writes to artifacts/apps/) runs with <c>dotnet run</c> and every lab in
/// virtual time (<see cref="Lab.TimeModeVariable"/>), and prints exactly the summary lines the notebook shows, which are
/// exactly the reviewed golden lines (tests/AsyncLab.Lessons.Tests/Golden/). One run, no tolerance: virtual time makes the
/// figures the same on every machine. Real-time makespans are the benchmark's business (tests/AsyncLab.Benchmarks).
/// </summary>
public sealed class GeneratedAppTests
{
    public static TheoryData<string> Lessons() => [.. Repo.Lessons()];

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task DotnetRun_GeneratedAppInVirtualTime_PrintsTheGoldenSummaries(string lesson)
    {
        var golden = Summary.Golden(lesson);
        var run = await LessonRuns.Get(lesson);
        Assert.True(run.Cells.All(c => !c.IsProblem), "the notebook itself fails: " + run.Describe());
        var notebook = LessonRuns.Summaries(run);
        Assert.True(golden.SequenceEqual(Summary.Compared(notebook, golden), StringComparer.Ordinal),
            $"the notebook's summaries differ from {Path.GetRelativePath(Repo.Root, Summary.GoldenPath(lesson))}:\n" +
            $"golden:\n{Lines(golden)}\nnotebook:\n{Lines(Summary.Compared(notebook, golden))}");

        var appPath = await Convert(lesson);
        var build = await Dotnet(TimeSpan.FromMinutes(5), "build", appPath);
        Assert.True(build.Code == 0, $"dotnet build exited {build.Code}:\n{build.Output}");
        var (exitCode, output) = await RunApp(appPath);
        Assert.True(exitCode == 0, $"dotnet run exited {exitCode}:\n{output}");
        var app = Summary.Compared(Summary.Parse(output).ToArray(), golden);
        Assert.True(golden.SequenceEqual(app, StringComparer.Ordinal),
            $"the app's summaries differ from the golden lines (and the notebook's):\ngolden:\n{Lines(golden)}\napp:\n{Lines(app)}\n" +
            $"app output:\n{output}");
    }

    /// <summary>
    /// A student may save the apps anywhere (<c>--output</c>): lesson 09's app, which needs the Polly.Core package as well
    /// as project references, builds in a folder outside the checkout, where no Directory.Packages.props pins versions.
    /// </summary>
    [Fact]
    public async Task DotnetBuild_AppSavedOutsideTheRepository_RestoresItsPackagesAndBuilds()
    {
        const string lesson = "09-capstone-crawler";
        var folder = Repo.TempFolder("app-outside");
        Assert.False(Path.GetFullPath(folder).StartsWith(Repo.Root, StringComparison.Ordinal), $"{folder} is inside the checkout");
        var appPath = Path.Combine(folder, lesson + ".cs");
        var document = NotebookFile.Load(Path.Combine(Repo.Notebooks, lesson + ".dib"));
        await File.WriteAllTextAsync(
            appPath, FileBasedApp.Convert(document, lesson, appPath, Path.Combine(Repo.Root, "helpers")), TestContext.Current.CancellationToken);

        var build = await Dotnet(TimeSpan.FromMinutes(5), "build", appPath);

        Assert.True(build.Code == 0, $"dotnet build of {appPath} exited {build.Code}:\n{build.Output}");
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("\n", lines.Select(l => "  " + l));

    /// <summary>Converts the lesson into artifacts/test-apps/ (inside the repository, like artifacts/apps/).</summary>
    private static async Task<string> Convert(string lesson)
    {
        var name = Path.GetFileNameWithoutExtension(lesson);
        var folder = Path.Combine(Repo.Root, "artifacts", "test-apps");
        Directory.CreateDirectory(folder);
        var appPath = Path.Combine(folder, name + ".cs");
        var document = NotebookFile.Load(Path.Combine(Repo.Notebooks, lesson));
        await File.WriteAllTextAsync(appPath, FileBasedApp.Convert(document, name, appPath, Path.Combine(Repo.Root, "helpers")));
        return appPath;
    }

    /// <summary>Runs the built app with every lab in virtual time, taking turns with the kernel runs (both are heavy).</summary>
    private static async Task<(int, string)> RunApp(string appPath)
    {
        using var turn = await Turn.TakeAsync();
        return await Dotnet(TimeSpan.FromMinutes(5), "run", "--no-build", appPath);
    }

    private static async Task<(int Code, string Output)> Dotnet(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = Path.GetDirectoryName(args[^1])!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASYNCLAB_CHARTS"] = Path.Combine(Repo.TempFolder("app-charts"));
        // Set here, not inherited: the app's labs run in virtual time whatever this process's environment says.
        start.Environment[Lab.TimeModeVariable] = "virtual";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}:\n{await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }
}
