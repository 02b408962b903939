using System.Diagnostics;
using System.Threading.Channels;

namespace AsyncLab.Tests.Time;

/// <summary>
/// What a virtual run does when it cannot go on by itself: a run that can never finish fails fast and names the
/// tasks that hold it up; code that waits on the real clock still finishes, with a warning that says so; and the host's
/// stop signal ends a run promptly, whatever it is waiting for. The stop tests install a process-wide
/// <see cref="LabHost"/>, and the wall-clock limits here need the machine to themselves, so the whole class runs
/// in the host collection, with nothing else in parallel.
/// </summary>
[Trait("Area", "VirtualTime")]
[Collection(LabHostCollection.Name)]
public sealed class StuckAndRealClockTests
{
    private const int TestTimeoutMilliseconds = 30_000;

    private const string ThreeJobsSummary = "3 tasks · makespan 2.00 s · peak concurrency 3";

    /// <summary>A run that is stuck must say so within the loop's 2 s of patience, plus a margin.</summary>
    private static readonly TimeSpan StuckWithin = TimeSpan.FromSeconds(3.5);

    /// <summary>After the stop signal, lab.Run must give up within this.</summary>
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(1);

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_TrackedTaskWaitsOnSemaphoreNeverReleased_ThrowsLabStuckNamingItInProgress()
    {
        var lab = new Lab(virtualTime: true);
        using var neverReleased = new SemaphoreSlim(0);

        var error = await AssertStuckPromptly(lab, () => InProgress(lab, "waiter", async () =>
        {
            await lab.Delay(0.5, TestContext.Current.CancellationToken);
            await neverReleased.WaitAsync();
        }));

        Assert.Contains("'waiter' (in progress)", error.Message);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_ReaderOfChannelNeverCompleted_ThrowsLabStuckNamingTheReader()
    {
        var lab = new Lab(virtualTime: true);
        var channel = Channel.CreateUnbounded<int>();
        async Task Reader()
        {
            using var job = lab.Track("reader");
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                using (job.Begin($"item {item}"))
                {
                    await lab.Delay(0.5, TestContext.Current.CancellationToken);
                }
            }
        }
        async Task Scenario()
        {
            // Two items, and then the writer is forgotten: never completed.
            await channel.Writer.WriteAsync(0);
            await channel.Writer.WriteAsync(1);
            await Reader();
        }

        var error = await AssertStuckPromptly(lab, Scenario);

        Assert.Contains("'reader' (waiting)", error.Message);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_TaskDelayWithoutLabTime_CompletesWithARealClockWarning()
    {
        var lab = new Lab(virtualTime: true);

        var timeline = await lab.Run(() => InProgress(lab, "sleepy", async () =>
        {
            await lab.Delay(0.5, TestContext.Current.CancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(300));   // forgot lab.Time: a real 300 ms
        }));

        AssertRealClockWarning(Assert.Single(WarningsOf(timeline)));
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_SemaphoreWaitWithRealTimeout_CompletesWithARealClockWarning()
    {
        var lab = new Lab(virtualTime: true);
        using var gate = new SemaphoreSlim(0);
        var entered = true;

        var timeline = await lab.Run(() => InProgress(lab, "hopeful", async () =>
        {
            await lab.Delay(0.5, TestContext.Current.CancellationToken);
            entered = await gate.WaitAsync(TimeSpan.FromMilliseconds(200));   // a timeout on the real clock
        }));

        Assert.False(entered);
        AssertRealClockWarning(Assert.Single(WarningsOf(timeline)));
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_RealClockWaitLongerThanStuckPatience_IsNotBlamedOnSemaphores()
    {
        var lab = new Lab(virtualTime: true);
        Task Sleepy() => InProgress(lab, "sleepy", async () =>
        {
            await lab.Delay(0.5, TestContext.Current.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(3));   // a real 3 s: longer than the loop's 2 s of patience
        });

        // Either the run waits for the real timer and warns, or it gives up and says the real clock is the reason;
        // what it must not do is blame a semaphore or a channel that nobody used.
        try
        {
            var timeline = await lab.Run(Sleepy);
            Assert.Contains(WarningsOf(timeline), w => w.Contains("waited on the real clock") && w.Contains("Task.Delay without lab.Time"));
        }
        catch (LabStuckException stuck)
        {
            Assert.Contains("real clock", stuck.Message);
        }
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_StopSignalWhileWaitingOnTimers_ThrowsCanceledPromptly()
    {
        var lab = new Lab(virtualTime: true);
        // Timers forever: only the stop signal ends this run.
        Task Ticker() => InProgress(lab, "ticker", async () =>
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), lab.Time);
            }
        });

        await AssertStopsPromptly(lab, Ticker, TestContext.Current.CancellationToken);
        await AssertAFreshRunIsExact();
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_StopSignalWhileStuckOnSemaphore_ThrowsCanceledPromptly()
    {
        var lab = new Lab(virtualTime: true);
        using var neverReleased = new SemaphoreSlim(0);

        await AssertStopsPromptly(lab, () => InProgress(lab, "waiter", () => neverReleased.WaitAsync()), TestContext.Current.CancellationToken);
        await AssertAFreshRunIsExact();
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task Run_StopSignalWhileAPoolThreadIsBlockedInRunCode_ThrowsCanceledNamingTheTask()
    {
        var lab = new Lab(virtualTime: true);
        // Blocks a pool thread for 3 s; nothing can interrupt it.
        Task Sleeper() => InProgress(lab, "sleeper", () => Task.Run(() => Thread.Sleep(3000)));

        var error = await AssertStopsPromptly(lab, Sleeper, TestContext.Current.CancellationToken);

        Assert.Contains("'sleeper'", error.Message);
        await AssertAFreshRunIsExact();
    }

    /// <summary>A task tracked as <paramref name="name"/>, in progress while <paramref name="work"/> runs.</summary>
    private static async Task InProgress(Lab lab, string name, Func<Task> work)
    {
        using var job = lab.Track(name);
        using (job.Begin())
        {
            await work();
        }
    }

    /// <summary>
    /// Runs <paramref name="scenario"/>, which can never finish, and requires lab.Run to say the run is stuck within
    /// <see cref="StuckWithin"/> (real time).
    /// </summary>
    private static async Task<LabStuckException> AssertStuckPromptly(Lab lab, Func<Task> scenario)
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LabStuckException>(() => lab.Run(scenario));
        clock.Stop();

        Assert.StartsWith("The run is stuck at ", error.Message);
        Assert.True(clock.Elapsed < StuckWithin, $"The stuck run took {clock.Elapsed.TotalSeconds:0.00} s to fail; allowed: {StuckWithin.TotalSeconds} s.");
        return error;
    }

    /// <summary>The warning a run gives when code in it waited on the real clock.</summary>
    private static void AssertRealClockWarning(string warning)
    {
        Assert.Contains("waited on the real clock", warning);
        Assert.Contains("Task.Delay without lab.Time", warning);
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> under a host whose stop signal is canceled 300 ms (real time) later, from a
    /// thread of its own, and requires lab.Run to throw <see cref="OperationCanceledException"/> within
    /// <see cref="StopWithin"/> of the cancel. Restores the previous host before it returns.
    /// </summary>
    private static async Task<OperationCanceledException> AssertStopsPromptly(Lab lab, Func<Task> scenario, CancellationToken testCanceled)
    {
        // The test's own timeout presses the stop button too, so a run that ignores it cannot outlive the test.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(testCanceled);
        var host = LabHost.Install(new TestHost(stop.Token));
        var clock = Stopwatch.StartNew();
        var canceledAt = TimeSpan.Zero;
        var canceler = new Thread(() =>
        {
            Thread.Sleep(300);
            canceledAt = clock.Elapsed;
            stop.Cancel();
        })
        { IsBackground = true, Name = "stop button" };
        try
        {
            canceler.Start();
            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.Run(scenario));
            var stoppedAt = clock.Elapsed;
            canceler.Join();
            Assert.True(stoppedAt >= canceledAt, $"lab.Run threw before the stop signal came: {error}");
            Assert.True(
                stoppedAt - canceledAt < StopWithin,
                $"lab.Run gave up {(stoppedAt - canceledAt).TotalSeconds:0.00} s after the stop signal; allowed: {StopWithin.TotalSeconds} s.");
            return error;
        }
        finally
        {
            canceler.Join();
            host.Dispose();
        }
    }

    /// <summary>After a stopped run, the next virtual run in the same process must still be exact.</summary>
    private static async Task AssertAFreshRunIsExact()
    {
        var lab = new Lab(virtualTime: true);
        Task Work(string name, double seconds) => InProgress(lab, name, () => lab.Delay(seconds));

        var timeline = await lab.Run(() => Task.WhenAll(Work("a", 1), Work("b", 2), Work("c", 0.5)));

        Assert.Equal(ThreeJobsSummary, timeline.Summary);
    }

    /// <summary>
    /// <c>timeline.Warnings</c> (an <see cref="IReadOnlyList{T}"/> of strings) is part of the contract these tests
    /// define and is being added now. It is read by name so that this file compiles before it lands; replace this with
    /// <c>timeline.Warnings</c> once it has.
    /// </summary>
    private static IReadOnlyList<string> WarningsOf(Timeline timeline)
    {
        var property = typeof(Timeline).GetProperty("Warnings");
        if (property?.GetValue(timeline) is not IReadOnlyList<string> warnings)
        {
            Assert.Fail("Timeline has no Warnings property (IReadOnlyList<string>) yet: a run that waited on the real clock must say so there.");
            throw new UnreachableException();
        }
        return warnings;
    }
}
