using AsyncLab.Runner.Execution;

namespace AsyncLab.Interactive.Tests;

/// <summary>
/// Runs Notebooks/virtual-time.dib once on the pinned dotnet-interactive kernel (the one VS Code starts). Each scenario
/// cell runs its scenario 20 times in the kernel and must print <c>identical 20/20: </c> and the summary worked out by
/// hand: virtual time stays exact in the kernel too, where code hops to the thread pool (Task.Run,
/// Parallel.ForEachAsync, ConfigureAwait(false), channels, semaphores) next to the kernel's own threads.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class VirtualTimeKernelTests
{
    private const string ScenarioPrefix = "// Scenario: ";

    private static readonly Lazy<Task<NotebookRun>> VirtualTimeRun = new(() => NotebookExecutor.RunAsync(SourcePath()));

    public static TheoryData<string, string> Scenarios => new()
    {
        { "Parallel.ForEachAsync, MaxDegreeOfParallelism = 3", "10 tasks · makespan 4.00 s · peak concurrency 3" },
        {
            "Parallel.ForEachAsync, MaxDegreeOfParallelism = 3, TaskScheduler = TaskScheduler.Current",
            "10 tasks · makespan 4.00 s · peak concurrency 3"
        },
        { "Task.Run fan-out", "6 tasks · makespan 1.00 s · peak concurrency 6" },
        { "Task.WhenAll", "4 tasks · makespan 2.50 s · peak concurrency 3" },
        { "Task.WhenAny", "3 tasks · makespan 1.50 s · peak concurrency 2 · 1 canceled" },
        { "Task.WhenEach", "6 tasks · makespan 3.50 s · peak concurrency 3" },
        { "WaitAsync(timeout, lab.Time)", "3 tasks · makespan 2.25 s · peak concurrency 2" },
        { "CancellationTokenSource(delay, lab.Time) deadline", "3 tasks · makespan 1.50 s · peak concurrency 3 · 3 canceled" },
        { "SemaphoreSlim throttle", "10 tasks · makespan 4.00 s · peak concurrency 3" },
        { "bounded channel, producer and consumer", "2 tasks · makespan 5.25 s · peak concurrency 2" },
        { "PeriodicTimer(period, lab.Time)", "2 tasks · makespan 3.50 s · peak concurrency 2" },
        { "ConfigureAwait(false) library code", "4 tasks · makespan 1.75 s · peak concurrency 3" },
    };

    private static string SourcePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "AsyncLab.Interactive.Tests", "Notebooks", "virtual-time.dib");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tests/AsyncLab.Interactive.Tests/Notebooks/virtual-time.dib not found above the test binaries.");
    }

    [Fact]
    public async Task VirtualTimeNotebook_OnTheRealKernel_RunsEveryCellWithoutError()
    {
        var run = await VirtualTimeRun.Value;

        Assert.True(run.Succeeded, run.Describe());
    }

    [Fact]
    public async Task VirtualTimeNotebook_EveryScenarioCell_IsCheckedHere()
    {
        var run = await VirtualTimeRun.Value;
        var inNotebook = run.CodeCells.Select(ScenarioName).OfType<string>().ToList();

        Assert.Equal([.. Scenarios.Select(row => row.Data.Item1), "Task.Delay without lab.Time"], inNotebook);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_RunTwentyTimesOnTheRealKernel_IdenticalCanonicalJsonAndExactSummary(string scenario, string summary)
    {
        var cell = await ScenarioCell(scenario);

        Assert.True(cell.Error is null, $"The cell failed: {cell.Error}");
        Assert.Equal([$"identical 20/20: {summary}"], Lines(cell));
    }

    [Fact]
    public async Task TaskDelayWithoutLabTime_OnTheRealKernel_PrintsTheRealClockWarning()
    {
        var cell = await ScenarioCell("Task.Delay without lab.Time");

        Assert.True(cell.Error is null, $"The cell failed: {cell.Error}");
        var warning = Assert.Single(Lines(cell));
        Assert.Contains("waited on the real clock", warning);
        Assert.Contains("Task.Delay without lab.Time", warning);
    }

    /// <summary>
    /// Blocked: <see cref="NotebookExecutor"/> cannot press the stop button. Its cancellation token only abandons the
    /// whole run (the kernel process is killed in a finally) and never sends the kernel's <c>Cancel</c> command, so
    /// neither "the cell ends within 1 s of the cancel" nor "the next cell in the same kernel" can be observed through it,
    /// and helpers/ is not to be changed here. What it needs in helpers/AsyncLab.Runner/Execution:
    /// <list type="bullet">
    /// <item><c>KernelSession.CancelAsync(string kernelName)</c>: <c>(await ProxyAsync(kernelName)).SendAsync(new Cancel())</c>,
    /// as VS Code's stop button does;</item>
    /// <item><c>ExecutorOptions.PressStopAfter</c>, a <c>Func&lt;int, string, TimeSpan?&gt;</c> (cell number, code) with
    /// which <c>RunPassAsync</c> calls it while the cell runs and then waits for the cell as usual;</item>
    /// <item><c>CellStatus.Stopped</c> and <c>CellResult.StoppedAfter</c> (time from the Cancel to the cell's end), and
    /// the run going on with the next cell in the same kernel.</item>
    /// </list>
    /// Note for whoever unblocks it: the kernel answers <c>Cancel</c> with its own "Command cancelled." and drops the
    /// submission's exception, so the lab's stop message (which names a task still running on another thread) does not
    /// reach the cell's error unless the lab displays it itself.
    /// </summary>
    [Fact(Skip = "blocked: NotebookExecutor cannot send the kernel's Cancel command to a running cell and keep the kernel for the next cell (see the doc comment)")]
    public void StopButton_StuckVirtualRun_EndsWithinOneSecondAndTheNextCellRunsExact()
    {
        // Left empty on purpose: the test needs an executor that can cancel a running cell.
    }

    private static async Task<CellResult> ScenarioCell(string scenario)
    {
        var run = await VirtualTimeRun.Value;
        return Assert.Single(run.CodeCells, c => ScenarioName(c) == scenario);
    }

    private static string? ScenarioName(CellResult cell)
    {
        var firstLine = cell.Code.Split('\n')[0].Trim();
        return firstLine.StartsWith(ScenarioPrefix, StringComparison.Ordinal) ? firstLine[ScenarioPrefix.Length..] : null;
    }

    /// <summary>What the cell wrote to standard output, as non-empty lines (the kernel may send it in pieces).</summary>
    private static string[] Lines(CellResult cell) =>
        [.. string.Concat(cell.Outputs.Where(o => o.Kind == OutputKind.StandardOutput).Select(o => o.Text))
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
