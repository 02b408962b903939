using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace AsyncLab.Tests.Time;

/// <summary>
/// Virtual time must be exact, and exact every time. Each test states the summary line and the key segment times of a
/// small scenario, worked out by hand, then runs the scenario 200 times in one process while a <see cref="BusyPool"/>
/// keeps the thread pool busy, and requires every run to give the same JSON as the first. Code that hops to the pool
/// (library code after <c>ConfigureAwait(false)</c>, <c>Task.Run</c>, a channel waking its reader, a semaphore granting
/// a slot) must never let the clock move before it has run.
/// </summary>
[Trait("Area", "VirtualTime")]
[Collection(BusyPoolCollection.Name)]
public sealed class ExactVirtualTimeTests
{
    private const int Runs = 200;

    // A last resort: the budget below fails a slow test long before this.
    private const int TestTimeoutMilliseconds = 120_000;

    private const string ReadAllAsync = nameof(ChannelReader<int>.ReadAllAsync);
    private const string WaitToReadAsync = nameof(ChannelReader<int>.WaitToReadAsync);

    /// <summary>
    /// How long the 200 runs of one test may take. A virtual run of a few tasks needs milliseconds; a loop that
    /// waits on real timeouts, or for the busy pool to fall quiet, blows through this and the test says so.
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>The busy pool slows whatever runs beside it, so these tests run on their own.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class BusyPoolCollection
    {
        public const string Name = "Busy thread pool";
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task WhenAll_ThreeJobsThenAFourth_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "4 tasks · makespan 2.50 s · peak concurrency 3", lab => lab.Run(async () =>
        {
            await Task.WhenAll(Work(lab, "a", 1), Work(lab, "b", 2), Work(lab, "c", 0.5));
            await Work(lab, "after", 0.5);
        }));

        Assert.Equal([Working(0, 2)], Row(first, "b").Segments);
        Assert.Equal([Working(0, 0.5)], Row(first, "c").Segments);
        Assert.Equal([Working(2, 2.5)], Row(first, "after").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task WhenAny_FirstWinsAndTheRestIsCanceled_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "3 tasks · makespan 1.50 s · peak concurrency 2 · 1 canceled", lab => lab.Run(async () =>
        {
            using var rest = new CancellationTokenSource();
            var fast = Work(lab, "fast", 1, rest.Token);
            var slow = Work(lab, "slow", 3, rest.Token);
            var winner = await Task.WhenAny(fast, slow);
            rest.Cancel();
            await Work(lab, "next", 0.5);
            try
            {
                await slow;
            }
            catch (OperationCanceledException)
            {
            }
            Assert.Same(fast, winner);
        }));

        Assert.Equal([Working(0, 1)], Row(first, "fast").Segments);
        Assert.Equal([Working(0, 1)], Row(first, "slow").Segments);
        Assert.Equal(TaskOutcome.Canceled, Row(first, "slow").Outcome);
        Assert.Equal([Working(1, 1.5)], Row(first, "next").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task WhenEach_HandleEachAsItFinishes_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "6 tasks · makespan 3.50 s · peak concurrency 3", lab => lab.Run(async () =>
        {
            var order = new List<string>();
            Task<string>[] fetches = [Fetch(lab, "c", 3), Fetch(lab, "a", 1), Fetch(lab, "b", 2)];
            await foreach (var done in Task.WhenEach(fetches))
            {
                var name = await done;
                order.Add(name);
                await Work(lab, $"handle {name}", 0.5);
            }
            Assert.Equal(["a", "b", "c"], order);
        }));

        Assert.Equal([Working(1, 1.5)], Row(first, "handle a").Segments);
        Assert.Equal([Working(2, 2.5)], Row(first, "handle b").Segments);
        Assert.Equal([Working(3, 3.5)], Row(first, "handle c").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task WaitAsync_TimeoutOnTheLabClock_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "3 tasks · makespan 2.25 s · peak concurrency 2", lab => lab.Run(async () =>
        {
            await Fetch(lab, "quick", 0.25).WaitAsync(TimeSpan.FromSeconds(1), lab.Time);
            var slow = Fetch(lab, "slow", 2);
            var timedOut = false;
            try
            {
                await slow.WaitAsync(TimeSpan.FromSeconds(0.5), lab.Time);
            }
            catch (TimeoutException)
            {
                // WaitAsync stops the waiting, not the work: "slow" goes on while the fallback runs.
                timedOut = true;
                await Work(lab, "fallback", 1);
            }
            await slow;
            Assert.True(timedOut);
        }));

        Assert.Equal([Working(0, 0.25)], Row(first, "quick").Segments);
        Assert.Equal([Working(0.25, 2.25)], Row(first, "slow").Segments);
        Assert.Equal([Working(0.75, 1.75)], Row(first, "fallback").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task CancellationTokenSource_DelayOnTheLabClock_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "4 tasks · makespan 1.50 s · peak concurrency 4 · 3 canceled", lab => lab.Run(async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1.5), lab.Time);
            try
            {
                await Task.WhenAll(
                    Work(lab, "quick", 1, deadline.Token),
                    Work(lab, "job 0", 2, deadline.Token),
                    Work(lab, "job 1", 2, deadline.Token),
                    Work(lab, "job 2", 2, deadline.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }));

        Assert.Equal([Working(0, 1)], Row(first, "quick").Segments);
        Assert.Equal(TaskOutcome.Completed, Row(first, "quick").Outcome);
        foreach (var name in new[] { "job 0", "job 1", "job 2" })
        {
            Assert.Equal([Working(0, 1.5)], Row(first, name).Segments);
            Assert.Equal(TaskOutcome.Canceled, Row(first, name).Outcome);
        }
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task CancelAfter_DeadlineMovedWhileRunning_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "2 tasks · makespan 1.75 s · peak concurrency 2 · 1 canceled", lab => lab.Run(async () =>
        {
            // Created on the lab's clock, so CancelAfter moves a virtual deadline (a plain new CancellationTokenSource()
            // would cancel on the real clock).
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10), lab.Time);
            async Task Worker()
            {
                using var job = lab.Track("worker");
                for (var step = 0; step < 10; step++)
                {
                    using (job.Begin())
                    {
                        await lab.Delay(0.5, deadline.Token);
                    }
                }
            }
            async Task Supervisor()
            {
                await Work(lab, "supervisor", 0.75);
                deadline.CancelAfter(TimeSpan.FromSeconds(1));
            }
            try
            {
                await Task.WhenAll(Worker(), Supervisor());
            }
            catch (OperationCanceledException)
            {
            }
        }));

        var worker = Row(first, "worker");
        Assert.Equal([Working(0, 0.5), Working(0.5, 1), Working(1, 1.5), Working(1.5, 1.75)], worker.Segments);
        Assert.Equal(TaskOutcome.Canceled, worker.Outcome);
        Assert.Equal([Working(0, 0.75)], Row(first, "supervisor").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task CreateLinkedTokenSource_OwnTimeoutOrRunDeadline_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "3 tasks · makespan 3.00 s · peak concurrency 3 · 2 canceled", lab => lab.Run(async () =>
        {
            using var run = new CancellationTokenSource(TimeSpan.FromSeconds(3), lab.Time);
            async Task Step(string name, double work, double timeout)
            {
                using var own = new CancellationTokenSource(TimeSpan.FromSeconds(timeout), lab.Time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(run.Token, own.Token);
                await Work(lab, name, work, either.Token);
            }
            try
            {
                // a finishes in time; b hits its own timeout at 1.5 s; c runs into the run's deadline at 3 s.
                await Task.WhenAll(Step("a", 1, 2), Step("b", 2.5, 1.5), Step("c", 4, 5));
            }
            catch (OperationCanceledException)
            {
            }
        }));

        Assert.Equal([Working(0, 1)], Row(first, "a").Segments);
        Assert.Equal(TaskOutcome.Completed, Row(first, "a").Outcome);
        Assert.Equal([Working(0, 1.5)], Row(first, "b").Segments);
        Assert.Equal(TaskOutcome.Canceled, Row(first, "b").Outcome);
        Assert.Equal([Working(0, 3)], Row(first, "c").Segments);
        Assert.Equal(TaskOutcome.Canceled, Row(first, "c").Outcome);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task SemaphoreSlimWaitAsync_TenJobsThroughThreeSlotsWithAToken_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "10 tasks · makespan 4.00 s · peak concurrency 3", lab => lab.Run(async () =>
        {
            // With a token that can be canceled, WaitAsync resumes through the thread pool when a slot is handed over.
            using var shutdown = new CancellationTokenSource();
            using var gate = new SemaphoreSlim(3);
            async Task Job(int id)
            {
                using var job = lab.Track($"job {id}");
                await gate.WaitAsync(shutdown.Token);
                try
                {
                    using (job.Begin())
                    {
                        await lab.Delay(1, shutdown.Token);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }
            await Task.WhenAll(Enumerable.Range(0, 10).Select(Job));
        }));

        for (var id = 0; id < 10; id++)
        {
            var wave = id / 3;
            Segment[] expected = wave == 0 ? [Working(0, 1)] : [Waiting(0, wave), Working(wave, wave + 1)];
            Assert.Equal(expected, Row(first, $"job {id}").Segments);
        }
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task PeriodicTimer_TicksOnTheLabClock_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "2 tasks · makespan 3.50 s · peak concurrency 2", lab => lab.Run(async () =>
        {
            async Task Ticker(string name, double work)
            {
                using var job = lab.Track(name);
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(0.5), lab.Time);
                for (var tick = 0; tick < 4; tick++)
                {
                    await timer.WaitForNextTickAsync();
                    using (job.Begin())
                    {
                        await lab.Delay(work);
                    }
                }
            }
            await Task.WhenAll(Ticker("ticker", 0.25), Ticker("slow ticker", 0.75));
        }));

        // Work shorter than the period waits for each tick; longer work finds a tick already due (missed ticks do not
        // pile up) and goes straight on.
        Assert.Equal(
            [Waiting(0, 0.5), Working(0.5, 0.75), Waiting(0.75, 1), Working(1, 1.25), Waiting(1.25, 1.5), Working(1.5, 1.75),
             Waiting(1.75, 2), Working(2, 2.25)],
            Row(first, "ticker").Segments);
        Assert.Equal(
            [Waiting(0, 0.5), Working(0.5, 1.25), Working(1.25, 2), Working(2, 2.75), Working(2.75, 3.5)],
            Row(first, "slow ticker").Segments);
    }

    [Theory(Timeout = TestTimeoutMilliseconds)]
    [InlineData(ReadAllAsync)]
    [InlineData(WaitToReadAsync)]
    public async Task ChannelUnbounded_ProducerFasterThanConsumer_ExactEveryRunUnderLoad(string consumer)
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "2 tasks · makespan 5.25 s · peak concurrency 2", async lab =>
        {
            var channel = Channel.CreateUnbounded<int>();
            var received = new List<int>();
            var timeline = await lab.Run(() => Task.WhenAll(Produce(lab, channel.Writer), Consume(lab, channel.Reader, consumer, received)));
            Assert.Equal([0, 1, 2, 3, 4], received);
            return timeline;
        });

        Assert.Equal(
            [Working(0, 0.25, "make 0"), Working(0.25, 0.5, "make 1"), Working(0.5, 0.75, "make 2"), Working(0.75, 1, "make 3"),
             Working(1, 1.25, "make 4")],
            Row(first, "producer").Segments);
        Assert.Equal(ConsumerSegments([0, 1, 2, 3, 4]), Row(first, "consumer").Segments);
    }

    public static TheoryData<int, BoundedChannelFullMode, string, string, int[]> BoundedChannels => new()
    {
        // capacity, full mode, how the consumer reads, makespan, items the consumer gets (the others are dropped)
        { 1, BoundedChannelFullMode.Wait, ReadAllAsync, "5.25", [0, 1, 2, 3, 4] },
        { 1, BoundedChannelFullMode.DropOldest, ReadAllAsync, "3.25", [0, 3, 4] },
        { 1, BoundedChannelFullMode.DropNewest, ReadAllAsync, "3.25", [0, 3, 4] },
        { 1, BoundedChannelFullMode.DropWrite, ReadAllAsync, "3.25", [0, 1, 4] },
        { 2, BoundedChannelFullMode.Wait, ReadAllAsync, "5.25", [0, 1, 2, 3, 4] },
        { 2, BoundedChannelFullMode.DropOldest, ReadAllAsync, "4.25", [0, 2, 3, 4] },
        { 2, BoundedChannelFullMode.DropNewest, ReadAllAsync, "4.25", [0, 1, 3, 4] },
        { 2, BoundedChannelFullMode.DropWrite, ReadAllAsync, "4.25", [0, 1, 2, 4] },
        { 1, BoundedChannelFullMode.Wait, WaitToReadAsync, "5.25", [0, 1, 2, 3, 4] },
        { 1, BoundedChannelFullMode.DropOldest, WaitToReadAsync, "3.25", [0, 3, 4] },
        { 1, BoundedChannelFullMode.DropNewest, WaitToReadAsync, "3.25", [0, 3, 4] },
        { 1, BoundedChannelFullMode.DropWrite, WaitToReadAsync, "3.25", [0, 1, 4] },
        { 2, BoundedChannelFullMode.Wait, WaitToReadAsync, "5.25", [0, 1, 2, 3, 4] },
        { 2, BoundedChannelFullMode.DropOldest, WaitToReadAsync, "4.25", [0, 2, 3, 4] },
        { 2, BoundedChannelFullMode.DropNewest, WaitToReadAsync, "4.25", [0, 1, 3, 4] },
        { 2, BoundedChannelFullMode.DropWrite, WaitToReadAsync, "4.25", [0, 1, 2, 4] },
    };

    [Theory(Timeout = TestTimeoutMilliseconds)]
    [MemberData(nameof(BoundedChannels))]
    public async Task ChannelBounded_EachCapacityAndFullMode_ExactEveryRunUnderLoad(
        int capacity, BoundedChannelFullMode mode, string consumer, string makespan, int[] expectedReceived)
    {
        // The producer makes an item every 0.25 s, the consumer needs 1 s for each: the channel fills up at once.
        int[] expectedDropped = [.. Enumerable.Range(0, 5).Except(expectedReceived)];
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, $"2 tasks · makespan {makespan} s · peak concurrency 2", async lab =>
        {
            var received = new List<int>();
            var dropped = new List<int>();
            var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { FullMode = mode }, dropped.Add);
            var timeline = await lab.Run(() => Task.WhenAll(Produce(lab, channel.Writer), Consume(lab, channel.Reader, consumer, received)));
            Assert.Equal(expectedReceived, received);
            Assert.Equal(expectedDropped, dropped);
            return timeline;
        });

        Assert.Equal(ConsumerSegments(expectedReceived), Row(first, "consumer").Segments);
        Segment[] makes = [Working(0, 0.25, "make 0"), Working(0.25, 0.5, "make 1"), Working(0.5, 0.75, "make 2")];
        Segment[] producer = (mode, capacity) switch
        {
            // A full channel holds the producer back until the consumer takes an item (at 1.25, 2.25, 3.25 s).
            (BoundedChannelFullMode.Wait, 1) =>
                [.. makes, Waiting(0.75, 1.25), Working(1.25, 1.5, "make 3"), Waiting(1.5, 2.25), Working(2.25, 2.5, "make 4"), Waiting(2.5, 3.25)],
            (BoundedChannelFullMode.Wait, _) =>
                [.. makes, Working(0.75, 1, "make 3"), Waiting(1, 1.25), Working(1.25, 1.5, "make 4"), Waiting(1.5, 2.25)],
            // Dropping modes never hold the producer back.
            _ => [.. makes, Working(0.75, 1, "make 3"), Working(1, 1.25, "make 4")],
        };
        Assert.Equal(producer, Row(first, "producer").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task ConfigureAwaitFalse_LibraryCodeBetweenLabWaits_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "4 tasks · makespan 1.75 s · peak concurrency 3", lab => lab.Run(async () =>
        {
            // Library code: it never comes back to the caller's context, and part of it runs on the thread pool.
            async Task<int> DownloadAsync(int id, CancellationToken cancellationToken)
            {
                await lab.Delay(0.5, cancellationToken).ConfigureAwait(false);
                var size = await Task.Run(() => (id + 1) * 100, cancellationToken).ConfigureAwait(false);
                await lab.Delay(0.25 * (id + 1), cancellationToken).ConfigureAwait(false);
                return size;
            }
            async Task<int> Fetch(int id)
            {
                using var job = lab.Track($"fetch {id}");
                using (job.Begin())
                {
                    return await DownloadAsync(id, CancellationToken.None);
                }
            }
            var sizes = await Task.WhenAll(Enumerable.Range(0, 3).Select(Fetch));
            await Work(lab, "report", 0.5);
            Assert.Equal([100, 200, 300], sizes);
        }));

        Assert.Equal([Working(0, 0.75)], Row(first, "fetch 0").Segments);
        Assert.Equal([Working(0, 1)], Row(first, "fetch 1").Segments);
        Assert.Equal([Working(0, 1.25)], Row(first, "fetch 2").Segments);
        Assert.Equal([Working(1.25, 1.75)], Row(first, "report").Segments);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task ParallelForEachAsync_MaxDegreeThree_ExactEveryRunUnderLoad()
    {
        // ParallelOptions names TaskScheduler.Default unless told otherwise, so these workers run on the thread pool:
        // exact, and identical after the canonical ordering (which pool thread resumes an await is the pool's choice).
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "10 tasks · makespan 4.00 s · peak concurrency 3", lab => lab.Run(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 10), new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (id, token) =>
            {
                using var job = lab.Track($"item {id}");
                using (job.Begin())
                {
                    await lab.Delay(1.0);
                }
            });
        }));

        AssertThreeWaves(first);
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task ParallelForEachAsync_OnTheLabsScheduler_ByteIdenticalJsonEveryRunUnderLoad()
    {
        // Not canonical: with the lab's loop as the scheduler, every worker runs on the loop, in the same order every time.
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "10 tasks · makespan 4.00 s · peak concurrency 3", lab => lab.Run(async () =>
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = 3, TaskScheduler = TaskScheduler.Current };
            await Parallel.ForEachAsync(Enumerable.Range(0, 10), options, async (id, token) =>
            {
                using var job = lab.Track($"item {id}");
                using (job.Begin())
                {
                    await lab.Delay(1.0);
                }
            });
        }), canonical: false);

        AssertThreeWaves(first);
        Assert.Equal(Enumerable.Range(0, 10).Select(id => $"item {id}"), first.Tasks.OrderBy(t => t.Id).Select(t => t.Name));
    }

    private static void AssertThreeWaves(Timeline timeline)
    {
        for (var id = 0; id < 10; id++)
        {
            double wave = id / 3;
            Assert.Equal([Working(wave, wave + 1)], Row(timeline, $"item {id}").Segments);
        }
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task TaskRun_FanOutOfSixTrackedTasks_ExactEveryRunUnderLoad()
    {
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, "6 tasks · makespan 1.00 s · peak concurrency 6", lab => lab.Run(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(id => Task.Run(async () =>
            {
                using var job = lab.Track($"worker {id}");
                using (job.Begin())
                {
                    await lab.Delay(1);
                }
            })));
        }));

        Assert.All(first.Tasks, task => Assert.Equal([Working(0, 1)], task.Segments));
    }

    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task ParallelForEachAsync_NoOptions_ProcessorCountAtOnceExactEveryRunUnderLoad()
    {
        // Without options the degree is Environment.ProcessorCount and the workers run on the thread pool.
        var degree = Environment.ProcessorCount;
        var waves = (10 + degree - 1) / degree;
        var expected = string.Create(
            CultureInfo.InvariantCulture, $"10 tasks · makespan {waves:0.00} s · peak concurrency {Math.Min(degree, 10)}");
        var first = await AssertExactEveryRun(TestContext.Current.CancellationToken, expected, lab => lab.Run(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 10), async (id, token) =>
            {
                using var job = lab.Track($"item {id}");
                using (job.Begin())
                {
                    await lab.Delay(1.0);
                }
            });
        }));

        for (var id = 0; id < 10; id++)
        {
            double wave = id / degree;
            Assert.Equal([Working(wave, wave + 1)], Row(first, $"item {id}").Segments);
        }
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> (which calls <c>lab.Run</c> on the fresh lab it is given) <paramref name="runs"/>
    /// times while a <see cref="BusyPool"/> keeps the thread pool busy. Every run must give
    /// <paramref name="expectedSummary"/> and the same JSON as the first run; the failure message shows the first pair
    /// that differs. Returns the first run's timeline, for the caller's checks of key segments.
    /// <paramref name="testCanceled"/> (the test's timeout) stops the load early, as the budget does.
    /// </summary>
    private static async Task<Timeline> AssertExactEveryRun(
        CancellationToken testCanceled, string expectedSummary, Func<Lab, Task<Timeline>> scenario, bool canonical = true, int runs = Runs)
    {
        await using var load = await BusyPool.StartAsync();
        // A loop that waits for the pool to fall quiet would wait forever: past the budget (or when the test is
        // canceled), stop the load so the run can end and the test can fail with a message.
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(testCanceled);
        watchdog.CancelAfter(Budget);
        using var stopLoad = watchdog.Token.Register(load.Stop);
        var clock = Stopwatch.StartNew();
        Timeline? first = null;
        var firstJson = "";
        for (var run = 1; run <= runs; run++)
        {
            Timeline timeline;
            try
            {
                timeline = await scenario(new Lab(virtualTime: true));
            }
            catch (Exception error)
            {
                Assert.Fail($"Run {run} of {runs} threw after {clock.Elapsed.TotalSeconds:0.00} s with the pool busy: {error}");
                throw;
            }
            var json = timeline.ToJson(canonical: canonical);
            if (first is null)
            {
                first = timeline;
                firstJson = json;
            }
            if (timeline.Summary != expectedSummary)
            {
                Assert.Fail(
                    $"Run {run} of {runs}: the summary is\n  {timeline.Summary}\nbut should be\n  {expectedSummary}\n" +
                    $"Its JSON:\n{timeline.ToJson(indented: true, canonical: canonical)}");
            }
            if (json != firstJson)
            {
                Assert.Fail(DescribeDifference(run, runs, first, timeline, canonical));
            }
            if (clock.Elapsed > Budget || load.IsStopping)
            {
                Assert.Fail(
                    $"{run} of {runs} runs took {clock.Elapsed.TotalSeconds:0.0} s with the pool busy, over the budget of " +
                    $"{Budget.TotalSeconds:0} s. A virtual run of a few tasks should take milliseconds: the loop is probably " +
                    "waiting on a real timeout, or for the busy pool to fall quiet, instead of for the run's own work.");
            }
        }
        return first!;
    }

    private static string DescribeDifference(int run, int runs, Timeline first, Timeline other, bool canonical)
    {
        var expected = first.ToJson(indented: true, canonical: canonical).Split('\n');
        var actual = other.ToJson(indented: true, canonical: canonical).Split('\n');
        var line = 0;
        while (line < expected.Length && line < actual.Length && expected[line] == actual[line])
        {
            line++;
        }
        return
            $"Run {run} of {runs} gave different {(canonical ? "canonical " : "")}JSON from run 1 with the pool busy. " +
            $"First difference at line {line + 1}:\n" +
            $"  run 1:   {(line < expected.Length ? expected[line].Trim() : "(end)")}\n" +
            $"  run {run}: {(line < actual.Length ? actual[line].Trim() : "(end)")}\n" +
            $"Summaries: '{first.Summary}' and '{other.Summary}'.\n" +
            $"Run 1:\n{string.Join('\n', expected)}\n" +
            $"Run {run}:\n{string.Join('\n', actual)}";
    }

    /// <summary>A tracked task that works for <paramref name="seconds"/> on the lab's clock: the shape the lessons use.</summary>
    private static async Task Work(Lab lab, string name, double seconds, CancellationToken cancellationToken = default)
    {
        using var job = lab.Track(name);
        using (job.Begin())
        {
            await lab.Delay(seconds, cancellationToken);
        }
    }

    private static async Task<string> Fetch(Lab lab, string name, double seconds)
    {
        await Work(lab, name, seconds);
        return name;
    }

    /// <summary>Makes five items, one every 0.25 s, writes each into the channel, then completes it.</summary>
    private static async Task Produce(Lab lab, ChannelWriter<int> writer)
    {
        using var job = lab.Track("producer");
        for (var item = 0; item < 5; item++)
        {
            using (job.Begin($"make {item}"))
            {
                await lab.Delay(0.25);
            }
            await writer.WriteAsync(item);
        }
        writer.Complete();
    }

    /// <summary>Takes items until the channel is completed and spends 1 s on each, reading the way <paramref name="style"/> says.</summary>
    private static async Task Consume(Lab lab, ChannelReader<int> reader, string style, List<int> received)
    {
        using var job = lab.Track("consumer");
        async Task Process(int item)
        {
            received.Add(item);
            using (job.Begin($"item {item}"))
            {
                await lab.Delay(1);
            }
        }
        if (style == ReadAllAsync)
        {
            // ReadAllAsync waits with ConfigureAwait(false): an item written while the consumer waits wakes it on the pool.
            await foreach (var item in reader.ReadAllAsync())
            {
                await Process(item);
            }
            return;
        }
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                await Process(item);
            }
        }
    }

    /// <summary>The consumer waits for the first item (ready at 0.25 s), then works on the items back to back.</summary>
    private static Segment[] ConsumerSegments(int[] items) =>
        [Waiting(0, 0.25), .. items.Select((item, index) => Working(0.25 + index, 1.25 + index, $"item {item}"))];

    private static TaskRecord Row(Timeline timeline, string name) => Assert.Single(timeline.Tasks, t => t.Name == name);

    private static Segment Working(double start, double end, string? label = null) =>
        new(SegmentKind.InProgress, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), label);

    private static Segment Waiting(double start, double end) =>
        new(SegmentKind.Waiting, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end));
}
