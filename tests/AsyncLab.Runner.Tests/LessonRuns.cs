using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// Runs each lesson once per test process (first pass and re-run in ONE kernel session) and caches the result, so every
/// test about a lesson reuses it. The kernel runs every lab in virtual time (<see cref="Lab.TimeModeVariable"/>), so
/// summaries are exact and compared with the golden files (<see cref="Summary.Golden"/>). Kernel runs and generated apps
/// still take turns (<see cref="Turn"/>): each is heavy on a machine with two cores.
/// </summary>
internal static partial class LessonRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookRun>>> Runs = new();

    /// <summary>Where lessons run by the tests write chart files (Lab.Show outside a notebook).</summary>
    public static string ChartsFolder { get; } = Repo.TempFolder("charts");

    /// <summary>The cached run of a lesson (file name in notebooks/), run twice in one kernel.</summary>
    public static Task<NotebookRun> Get(string lesson) =>
        Runs.GetOrAdd(lesson, l => new Lazy<Task<NotebookRun>>(() => RunAsync(Path.Combine(Repo.Notebooks, l)))).Value;

    private static async Task<NotebookRun> RunAsync(string path)
    {
        Environment.SetEnvironmentVariable("ASYNCLAB_CHARTS", ChartsFolder);
        using var turn = await Turn.TakeAsync();
        return await NotebookExecutor.RunAsync(path, new ExecutorOptions
        {
            RunTwice = true,
            VirtualTime = true,
            CellTimeout = TimeSpan.FromMinutes(10),
            RewriteCode = SetupStandIn(),
        });
    }

    /// <summary>
    /// Null once helpers/notebook-setup.csx exists (lessons run exactly as written). Until then, the two setup cells
    /// load the AsyncLab library this project builds instead.
    /// </summary>
    private static Func<string, string>? SetupStandIn()
    {
        if (File.Exists(Path.Combine(Repo.Root, "helpers", "notebook-setup.csx")))
        {
            return null;
        }
        var library = typeof(Lab).Assembly.Location;
        return code => SetupAttach().Replace(SetupLoad().Replace(code, $"#r \"{library}\""), "using AsyncLab;");
    }

    /// <summary>The summary lines of a run's first pass, in order (one per displayed timeline).</summary>
    public static IReadOnlyList<Summary> Summaries(NotebookRun run) =>
        run.CodeCells.SelectMany(c => Summary.Parse(c.Text).DistinctBy(s => s.Line)).ToArray();

    [GeneratedRegex(@"#load ""[./]*helpers/notebook-setup\.csx""")]
    private static partial Regex SetupLoad();

    [GeneratedRegex(@"#r ""[./]*helpers/\.build/kernel/AsyncLab\.Interactive\.dll""\r?\nusing AsyncLab;\r?\nAsyncLab\.Interactive\.Notebook\.Attach\(\);")]
    private static partial Regex SetupAttach();
}
