using System.Diagnostics;
using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// Each lesson's file-based app (what the runner writes to artifacts/apps/) runs with <c>dotnet run</c> and prints the
/// same timelines as the notebook: same task counts and peak concurrency, makespans within 5%.
/// </summary>
public sealed class GeneratedAppTests
{
    public static TheoryData<string> Lessons() => [.. Repo.Lessons()];

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task DotnetRun_GeneratedApp_PrintsTheNotebooksSummaries(string lesson)
    {
        var run = await LessonRuns.Get(lesson);
        Assert.True(run.Cells.All(c => !c.IsProblem), "the notebook itself fails: " + run.Describe());
        var expected = LessonRuns.Summaries(run);

        var appPath = await Convert(lesson);
        var build = await Dotnet(TimeSpan.FromMinutes(5), "build", appPath);
        Assert.True(build.Code == 0, $"dotnet build exited {build.Code}:\n{build.Output}");

        // Counts must match on every run. Real-time makespans are at the mercy of the machine's load, so a run whose
        // makespans stray more than 5% is repeated (at most three runs) before the test fails.
        string? slow = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (exitCode, output) = await RunApp(appPath);
            Assert.True(exitCode == 0, $"dotnet run exited {exitCode}:\n{output}");
            var actual = Summary.Parse(output).ToArray();
            Assert.True(expected.Count == actual.Length,
                $"notebook showed {expected.Count} timelines, app printed {actual.Length}:\nnotebook:\n{Lines(expected)}\napp:\n{Lines(actual)}");
            foreach (var (notebook, app) in expected.Zip(actual))
            {
                Assert.Equal(notebook.Tasks, app.Tasks);
            }
            // A real-time handoff (one task ending as another starts) can move the peak by one under load: retried too.
            slow = expected.Zip(actual)
                .Where(pair => pair.First.Peak != pair.Second.Peak ||
                    Math.Abs(pair.First.Makespan - pair.Second.Makespan) > 0.05 * Math.Max(pair.First.Makespan, pair.Second.Makespan) + 0.01)
                .Select(pair => $"notebook '{pair.First.Line}', app '{pair.Second.Line}'")
                .FirstOrDefault();
            if (slow is null)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken); // let a burst of load pass
        }
        Assert.Fail("peak concurrency differs or makespan differs by more than 5% in three runs: " + slow);
    }

    private static string Lines(IEnumerable<Summary> summaries) => string.Join("\n", summaries.Select(s => "  " + s.Line));

    /// <summary>Converts the lesson into artifacts/test-apps/ (inside the repository, like artifacts/apps/).</summary>
    private static async Task<string> Convert(string lesson)
    {
        var name = Path.GetFileNameWithoutExtension(lesson);
        var folder = Path.Combine(Repo.Root, "artifacts", "test-apps");
        Directory.CreateDirectory(folder);
        var appPath = Path.Combine(folder, name + ".cs");
        var document = NotebookFile.Load(Path.Combine(Repo.Notebooks, lesson));
        await File.WriteAllTextAsync(appPath, FileBasedApp.Convert(document, name, appPath, Path.Combine(Repo.Root, "helpers", "AsyncLab", "AsyncLab.csproj")));
        return appPath;
    }

    /// <summary>Runs the built app, taking turns with the kernel runs so timelines do not compete.</summary>
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
