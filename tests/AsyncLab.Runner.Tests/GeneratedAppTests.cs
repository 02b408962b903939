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

        var (exitCode, output) = await RunApp(lesson);

        Assert.True(exitCode == 0, $"dotnet run exited {exitCode}:\n{output}");
        var actual = Summary.Parse(output).ToArray();
        Assert.True(expected.Count == actual.Length,
            $"notebook showed {expected.Count} timelines, app printed {actual.Length}:\nnotebook:\n{Lines(expected)}\napp:\n{Lines(actual)}");
        foreach (var (notebook, app) in expected.Zip(actual))
        {
            Assert.Equal(notebook.Tasks, app.Tasks);
            Assert.Equal(notebook.Peak, app.Peak);
            Assert.True(Math.Abs(notebook.Makespan - app.Makespan) <= 0.05 * Math.Max(notebook.Makespan, app.Makespan) + 0.01,
                $"makespan differs by more than 5%: notebook '{notebook.Line}', app '{app.Line}'");
        }
    }

    private static string Lines(IEnumerable<Summary> summaries) => string.Join("\n", summaries.Select(s => "  " + s.Line));

    /// <summary>Converts the lesson into artifacts/test-apps/ (inside the repository, like artifacts/apps/) and runs it.</summary>
    private static async Task<(int, string)> RunApp(string lesson)
    {
        var name = Path.GetFileNameWithoutExtension(lesson);
        var folder = Path.Combine(Repo.Root, "artifacts", "test-apps");
        Directory.CreateDirectory(folder);
        var appPath = Path.Combine(folder, name + ".cs");
        var document = NotebookFile.Load(Path.Combine(Repo.Notebooks, lesson));
        await File.WriteAllTextAsync(appPath, FileBasedApp.Convert(document, name, appPath, Path.Combine(Repo.Root, "helpers", "AsyncLab", "AsyncLab.csproj")));

        // Build first, outside the timed section, so compiling does not compete with the timelines.
        var build = await Dotnet(folder, TimeSpan.FromMinutes(5), "build", appPath);
        if (build.Code != 0)
        {
            return build;
        }
        await LessonRuns.OneAtATime.WaitAsync();
        try
        {
            return await Dotnet(folder, TimeSpan.FromMinutes(5), "run", "--no-build", appPath);
        }
        finally
        {
            LessonRuns.OneAtATime.Release();
        }
    }

    private static async Task<(int Code, string Output)> Dotnet(string folder, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = folder,
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
