using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;
using KernelRun = AsyncLab.Runner.Execution.NotebookRun;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// Runs each notebook once per test process on the pinned .NET Interactive kernel (through the runner's
/// <see cref="NotebookExecutor"/>, the same kernel VS Code launches) and keeps its executed cells, so every assertion
/// about a lesson reuses the same run. Lessons run twice in that kernel, to check that every cell can be run again.
/// The kernel runs every lab in virtual time (<see cref="Lab.TimeModeVariable"/>), so the tests compare figures
/// exactly with the golden files (<see cref="Golden"/>); real-time figures belong to the benchmark
/// (tests/AsyncLab.Benchmarks), not to these tests.
/// </summary>
internal static partial class LessonRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookRun>>> Runs = new();

    // One kernel at a time: each one builds and runs a whole notebook, and two at once would only compete for the cores.
    private static readonly SemaphoreSlim OneKernel = new(1);

    /// <summary>The executed cells of a notebook (path relative to notebooks/), running it on first use.</summary>
    public static Task<NotebookRun> Get(string notebook) =>
        Runs.GetOrAdd(notebook, n => new Lazy<Task<NotebookRun>>(() => RunAlone(n))).Value;

    /// <summary>What the first cell of <paramref name="notebook"/> whose code contains <paramref name="fragment"/> printed.</summary>
    public static async Task<string> Text(string notebook, string fragment) => (await Get(notebook)).Cell(fragment).Text;

    /// <summary>The one summary line that cell displayed; the test fails if it displayed none or more than one.</summary>
    public static async Task<string> SummaryLine(string notebook, string fragment) =>
        Assert.Single(NotebookRun.Summaries((await Get(notebook)).Cell(fragment))).Line;

    private static async Task<NotebookRun> RunAlone(string notebook)
    {
        await OneKernel.WaitAsync();
        try
        {
            var run = await NotebookExecutor.RunAsync(RepoPaths.Notebook(notebook), new ExecutorOptions
            {
                RunTwice = !notebook.StartsWith("solutions/", StringComparison.Ordinal),
                VirtualTime = true,
                RewriteCode = StandInSetup(),
                // The setup cell may rebuild the notebook integration; on a busy machine that alone can take minutes.
                CellTimeout = TimeSpan.FromMinutes(5),
            });
            return new NotebookRun(Cells(run.CodeCells), Cells(run.SecondPass), run.Describe() ?? "");
        }
        finally
        {
            OneKernel.Release();
        }
    }

    private static List<ExecutedCell> Cells(IEnumerable<CellResult> results) =>
        results.Where(c => c.IsCode)
            .Select((c, i) => new ExecutedCell(i + 1, c.Code, c.Outputs.Select(o => o.Text).ToArray(), c.Error, c.Duration))
            .ToList();

    /// <summary>
    /// While helpers/notebook-setup.csx does not exist yet, the two setup cells load the AsyncLab library this test
    /// project builds instead. Every other cell runs exactly as written. Null once the real setup exists.
    /// </summary>
    private static Func<string, string>? StandInSetup()
    {
        if (File.Exists(Path.Combine(RepoPaths.Root, "helpers", "notebook-setup.csx")))
        {
            return null;
        }
        var library = typeof(Lab).Assembly.Location;
        return code => SetupAttach().Replace(SetupLoad().Replace(code, $"#r \"{library}\""), "using AsyncLab;");
    }

    [GeneratedRegex(@"#load ""[./]*helpers/notebook-setup\.csx""")]
    private static partial Regex SetupLoad();

    [GeneratedRegex(@"#r ""[./]*helpers/\.build/kernel/AsyncLab\.Interactive\.dll""\r?\nusing AsyncLab;\r?\nAsyncLab\.Interactive\.Notebook\.Attach\(\);")]
    private static partial Regex SetupAttach();
}
