using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Interactive.Tests;

/// <summary>
/// Runs Notebooks/virtual-time.dib once on the pinned dotnet-interactive kernel (the one VS Code starts). Each scenario
/// cell runs its scenario 20 times in the kernel and must print <c>identical 20/20: </c> and the summary worked out by
/// hand: virtual time stays exact in the kernel too, where code hops to the thread pool (Task.Run,
/// Parallel.ForEachAsync, ConfigureAwait(false), channels, semaphores) next to the kernel's own threads. The same run
/// presses the stop button in the notebook's <c>// Stop:</c> cells and checks that the kernel, and each lab, go on.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class VirtualTimeKernelTests
{
    private const string ScenarioPrefix = "// Scenario: ";

    private const string StopPrefix = "// Stop: ";
    private const string AfterStopPrefix = "// After stop: ";
    private const string EndedPrefix = "// Ended: ";
    private const string ThreeJobsSummary = "3 tasks · makespan 2.00 s · peak concurrency 3";

    /// <summary>After the stop button, the cell and the lab's run must each end within this.</summary>
    private static readonly TimeSpan _stopWithin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When each stop cell started (its number → <see cref="Stopwatch.GetTimestamp"/>), taken when the executor asks for
    /// its press, just before it sends the cell: a press counted from here is a little early, so the run's time from the
    /// press to its end comes out a little long, never short.
    /// </summary>
    private static readonly ConcurrentDictionary<int, long> _cellStartedAt = new();

    private static readonly Lazy<Task<NotebookRun>> VirtualTimeRun = new(() => NotebookExecutor.RunAsync(
        SourcePath(), new ExecutorOptions { PressStopAfter = PressStop }));

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

    /// <summary>
    /// The stop cells (<c>// Stop: state</c>) and how long after each starts the stop button is pressed: a run waiting on
    /// lab timers forever, a run whose tracked task waits for a pool thread blocked in its code for 4 s, and a run stuck
    /// on a semaphore nobody releases, pressed before the lab's own 2 s stuck report. The last column is what the lab's
    /// stop message must name, if anything: the task still running on another thread.
    /// </summary>
    public static TheoryData<string, double, string?> StopStates => new()
    {
        { "timers forever", 1.0, null },
        { "pool thread blocked in run code", 1.0, "'sleeper'" },
        { "semaphore never released", 0.5, null },
    };

    private static TimeSpan? PressStop(int number, string code)
    {
        if (NameAfter(code, StopPrefix) is not { } state)
        {
            return null;
        }
        _cellStartedAt[number] = Stopwatch.GetTimestamp();
        return TimeSpan.FromSeconds(StopStates.Single(row => row.Data.Item1 == state).Data.Item2);
    }

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

    [Fact]
    public async Task VirtualTimeNotebook_EveryStopCell_IsCheckedHere()
    {
        var run = await VirtualTimeRun.Value;
        var stopCells = run.CodeCells.Select(c => NameAfter(c, StopPrefix)).OfType<string>().ToList();

        Assert.Equal(StopStates.Select(row => row.Data.Item1), stopCells);
    }

    /// <summary>
    /// The stop button (the kernel's <c>Cancel</c> command, as VS Code sends it) pressed in a virtual-time run that only
    /// it can end: the cell answers within 1 s, the lab's run itself ends within 1 s of the press with a cancellation
    /// (not the lab's own stuck report), and the next cell runs a fresh lab in the same kernel with the exact summary.
    /// The kernel answers the stop with its own "Command cancelled." and drops the cell's exception, so the stopped
    /// run's outcome (and the lab's stop message) comes from the notebook's <c>// Ended:</c> cell.
    /// </summary>
    [Theory]
    [MemberData(nameof(StopStates))]
    public async Task StopButton_VirtualRunInEachState_EndsWithinOneSecondAndTheNextCellRunsExact(string state, double pressAfterSeconds, string? named)
    {
        var run = await VirtualTimeRun.Value;
        var stop = Assert.Single(run.CodeCells, c => NameAfter(c, StopPrefix) == state);
        var after = Assert.Single(run.CodeCells, c => NameAfter(c, AfterStopPrefix) == state);
        var ended = Assert.Single(run.CodeCells, c => NameAfter(c, EndedPrefix) == state);

        Assert.True(stop.Status == CellStatus.Stopped, $"The stop cell ended as {stop.Status}: {stop.Error}");
        var stoppedAfter = Assert.NotNull(stop.StoppedAfter);
        Assert.True(stoppedAfter < _stopWithin, $"The cell answered {stoppedAfter.TotalSeconds:0.000} s after the stop; allowed: {_stopWithin.TotalSeconds} s.");
        Assert.Equal(stop.Number + 1, after.Number);
        Assert.True(after.Error is null, $"The cell after the stop failed: {after.Error}");
        Assert.Equal([ThreeJobsSummary], Lines(after));

        var (startedAt, endedAt, outcome) = Ending(ended);
        var pressedAt = _cellStartedAt[stop.Number] + (long)(pressAfterSeconds * Stopwatch.Frequency);
        Assert.True(startedAt < pressedAt, $"Stop was pressed before the lab's run started (the cell was still compiling): {outcome}");
        Assert.Contains("Canceled", outcome);
        if (named is not null)
        {
            Assert.Contains(named, outcome);
        }
        var runEndedAfter = Stopwatch.GetElapsedTime(pressedAt, endedAt);
        Assert.True(runEndedAfter < _stopWithin, $"The lab's run ended {runEndedAfter.TotalSeconds:0.000} s after the stop; allowed: {_stopWithin.TotalSeconds} s. {outcome}");
    }

    private static async Task<CellResult> ScenarioCell(string scenario)
    {
        var run = await VirtualTimeRun.Value;
        return Assert.Single(run.CodeCells, c => ScenarioName(c) == scenario);
    }

    private static string? ScenarioName(CellResult cell) => NameAfter(cell, ScenarioPrefix);

    private static string? NameAfter(CellResult cell, string prefix) => NameAfter(cell.Code, prefix);

    /// <summary>The rest of the cell's first line when it starts with <paramref name="prefix"/>, else null.</summary>
    private static string? NameAfter(string code, string prefix)
    {
        var firstLine = code.Split('\n')[0].Trim();
        return firstLine.StartsWith(prefix, StringComparison.Ordinal) ? firstLine[prefix.Length..] : null;
    }

    /// <summary>
    /// Reads an <c>// Ended:</c> cell's line: the stopped run's start and end as <see cref="Stopwatch.GetTimestamp"/> in
    /// the kernel (monotonic and machine-wide, so comparable with this process's) and its outcome.
    /// </summary>
    private static (long StartedAt, long EndedAt, string Outcome) Ending(CellResult ended)
    {
        Assert.True(ended.Error is null, $"The Ended cell failed: {ended.Error}");
        var line = Assert.Single(Lines(ended));
        var parts = line.Split(' ', 3);
        Assert.True(
            parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out _) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _),
            $"The stopped run had not ended when the cell after it was done: {line}");
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
    }

    /// <summary>What the cell wrote to standard output, as non-empty lines (the kernel may send it in pieces).</summary>
    private static string[] Lines(CellResult cell) =>
        [.. string.Concat(cell.Outputs.Where(o => o.Kind == OutputKind.StandardOutput).Select(o => o.Text))
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
