using System.Threading.Channels;
using AsyncLab.Tests.Shared;

namespace AsyncLab.Tests.Resources;

public sealed class WatchedResourceTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static StepPoint P(double seconds, int value) => new(S(seconds), value);

    [Fact]
    public async Task Semaphore_TwoJobsOneSlot_UsesSayWhoWaitedTookAndGaveBack()
    {
        var (timeline, _) = await GatedJobs.Run(jobs: 2, slots: 1);

        Assert.Equal(
            [
                new ResourceUse(S(0), 0, ResourceUseKind.Acquired),
                new ResourceUse(S(0), 1, ResourceUseKind.WaitBegan),
                new ResourceUse(S(1), 0, ResourceUseKind.Released),
                new ResourceUse(S(1), 1, ResourceUseKind.WaitEnded),
                new ResourceUse(S(1), 1, ResourceUseKind.Acquired),
                new ResourceUse(S(2), 1, ResourceUseKind.Released),
            ],
            timeline.Resource("gate").Uses);
    }

    [Fact]
    public async Task Semaphore_TenJobsThreeSlots_ShowsSlotsInUseAndTasksWaiting()
    {
        var (timeline, gate) = await GatedJobs.Run(jobs: 10, slots: 3);

        var series = timeline.Resource("gate");
        Assert.Equal("10 tasks · makespan 4.00 s · peak concurrency 3", timeline.Summary);
        Assert.Equal(ResourceKind.Semaphore, series.Kind);
        Assert.Equal(3, series.Capacity);
        Assert.Equal([P(0, 3), P(3, 1), P(4, 0)], series.Level);
        Assert.Equal([P(0, 7), P(1, 4), P(2, 1), P(3, 0)], series.Waiting);
        Assert.Equal("gate (semaphore, 3 slots): peak 3 in use, peak 7 waiting", series.ToString());
        var last = timeline.Tasks.Single(t => t.Name == "job 9");
        Assert.Equal(new Segment(SegmentKind.Waiting, S(0), S(3), "waiting for gate (3 slots)"), last.Segments[0]);
        Assert.Equal(3, gate.CurrentCount);
    }

    [Fact]
    public async Task Semaphore_WaitCanceledByADeadline_MarksTheTaskCanceledAndStopsWaiting()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(1, "gate");
        async Task Holder()
        {
            using var job = lab.Track("holder");
            await gate.WaitAsync();
            await job.Run(() => lab.Delay(3));
            gate.Release();
        }
        async Task Impatient()
        {
            using var job = lab.Track("impatient");
            using var deadline = new CancellationTokenSource(S(1), lab.Time);
            await gate.WaitAsync(deadline.Token);
        }

        var timeline = await lab.Run(async () =>
        {
            var holder = Holder();   // takes the only slot at once
            await Assert.ThrowsAnyAsync<OperationCanceledException>(Impatient);
            await holder;
        });

        Assert.Equal(TaskOutcome.Canceled, timeline.Tasks.Single(t => t.Name == "impatient").Outcome);
        Assert.Equal([P(0, 1), P(1, 0)], timeline.Resource("gate").Waiting);
    }

    [Fact]
    public async Task UnboundedChannel_ScenarioThree_DepthComesFromTheChannel()
    {
        var timeline = await ProducerConsumer(lab => lab.UnboundedChannel<int>("queue"));

        var queue = timeline.Resource("queue");
        Assert.Equal("2 tasks · makespan 5.50 s · peak concurrency 2", timeline.Summary);
        Assert.Null(queue.Capacity);
        Assert.Equal([P(1, 1), P(2, 2), P(3.5, 1), P(4.5, 0)], queue.Level.Where(p => p.Time > TimeSpan.Zero));
        Assert.Equal(2, queue.PeakLevel);
        Assert.Empty(queue.Drops);
    }

    [Fact]
    public async Task BoundedChannelOfOne_FullChannel_NeverShowsMoreThanItsCapacityAndShowsTheWriterHeld()
    {
        var timeline = await ProducerConsumer(lab => lab.BoundedChannel<int>(1, "queue"));

        var queue = timeline.Resource("queue");
        Assert.Equal(1, queue.Capacity);
        Assert.Equal(1, queue.PeakLevel);
        Assert.Equal(1, queue.PeakBlocked);
        Assert.Equal([P(2, 1), P(2.5, 0), P(3, 1), P(3.5, 0)], queue.Blocked.Where(p => p.Time > TimeSpan.Zero));
        var producer = timeline.Tasks.Single(t => t.Name == "producer");
        Assert.Contains(producer.Segments, s => s.Label == "waiting for room in queue (capacity 1)");
    }

    [Theory]
    // At 2.0 s item 3 meets a full channel holding item 2: the oldest and the newest item in a channel of one are both
    // item 2, while DropWrite drops item 3 itself.
    [InlineData(BoundedChannelFullMode.DropOldest, new[] { 0, 1, 3, 4 })]
    [InlineData(BoundedChannelFullMode.DropNewest, new[] { 0, 1, 3, 4 })]
    [InlineData(BoundedChannelFullMode.DropWrite, new[] { 0, 1, 2, 4 })]
    public async Task BoundedChannel_DropModes_RecordEachDroppedItem(BoundedChannelFullMode mode, int[] expectedReceived)
    {
        var received = new List<int>();
        var timeline = await ProducerConsumer(lab => lab.BoundedChannel<int>(1, "queue", mode), received);

        Assert.Equal(expectedReceived, received);
        Assert.Equal(5 - expectedReceived.Length, timeline.Resource("queue").Drops.Count);
        Assert.Equal(1, timeline.Resource("queue").PeakLevel);
        Assert.Equal(0, timeline.Resource("queue").PeakBlocked);
    }

    [Fact]
    public async Task Watch_AChannelOfYourOwn_RecordsItsDepth()
    {
        var timeline = await ProducerConsumer(lab => lab.Watch(Channel.CreateUnbounded<int>(), "mine"));

        Assert.Equal(2, timeline.Resource("mine").PeakLevel);
    }

    [Fact]
    public void BadInput_EachMistake_GetsAMessageNamingTheArgument()
    {
        var lab = new Lab(virtualTime: true);

        Assert.Equal("slots", Assert.Throws<ArgumentOutOfRangeException>(() => lab.Semaphore(0)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => lab.Semaphore(2, " ")).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => lab.BoundedChannel<int>(0)).ParamName);
        Assert.Equal("channel", Assert.Throws<ArgumentNullException>(() => lab.Watch<int>(null!)).ParamName);
        var watched = lab.UnboundedChannel<int>();
        var twice = Assert.Throws<ArgumentException>(() => lab.Watch(watched));
        Assert.Equal("channel", twice.ParamName);
        Assert.Contains("already watched", twice.Message);
    }

    [Fact]
    public async Task Timeline_ResourceNotWatched_SaysWhichAreThere()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(1, "gate");
        var timeline = await lab.Run(async () => { await gate.WaitAsync(); gate.Release(); });

        var error = Assert.Throws<ArgumentException>(() => timeline.Resource("queue"));
        Assert.Contains("'gate'", error.Message);
    }

    [Fact]
    public async Task Semaphore_UsedInTwoRuns_IsRecordedInEach()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(1, "gate");
        async Task Once()
        {
            await gate.WaitAsync();
            await lab.Delay(1);
            gate.Release();
        }

        var first = await lab.Run(() => Task.WhenAll(Once(), Once()));
        var second = await lab.Run(() => Task.WhenAll(Once(), Once()));

        Assert.Equal(first.Resource("gate").Waiting, second.Resource("gate").Waiting);
        Assert.Equal([P(0, 1), P(1, 0)], second.Resource("gate").Waiting);
    }

    [Fact]
    public async Task Run_StuckOnAWatchedGate_SaysWhatEachTaskWaitsFor()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(1, "gate");
        async Task Leaky(int id)
        {
            using var job = lab.Track($"leaky {id}");
            await gate.WaitAsync();
            await job.Run(() => lab.Delay(1));
        }

        var error = await Assert.ThrowsAsync<LabStuckException>(() => lab.Run(() => Task.WhenAll(Leaky(0), Leaky(1))));

        Assert.Contains("'leaky 1' (waiting for gate (1 slot))", error.Message);
    }

    /// <summary>Scenario 3 of the reference: one producer, five items every 0.5 s, one consumer taking 1 s an item.</summary>
    private static async Task<Timeline> ProducerConsumer(Func<Lab, Channel<int>> makeChannel, List<int>? received = null)
    {
        var lab = new Lab(virtualTime: true);
        var channel = makeChannel(lab);
        async Task Produce()
        {
            using var producer = lab.Track("producer");
            for (var item = 0; item < 5; item++)
            {
                await producer.Run(() => lab.Delay(0.5), $"item {item}");
                await channel.Writer.WriteAsync(item);
            }
            channel.Writer.Complete();
        }
        async Task Consume()
        {
            using var consumer = lab.Track("consumer");
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                received?.Add(item);
                await consumer.Run(() => lab.Delay(1), $"item {item}");
            }
        }
        return await lab.Run(() => Task.WhenAll(Produce(), Consume()));
    }
}
