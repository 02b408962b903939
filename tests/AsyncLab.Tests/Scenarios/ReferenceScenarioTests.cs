#pragma warning disable CS0618 // lab.Enqueued/Dequeued still work for a release and keep their scenario-3 check.
using System.Threading.Channels;

namespace AsyncLab.Tests.Scenarios;

/// <summary>The three reference scenarios of shared/scenarios.md, written as a lesson writes them, in virtual time.</summary>
public sealed class ReferenceScenarioTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task FanOut_FiveFetchesWithWhenAll_TakesOneSecondAndKeepsStartOrder()
    {
        var lab = new Lab(virtualTime: true);
        async Task<string> Fetch(int id)
        {
            using var job = lab.Track($"fetch {id}");
            using (job.Begin())
            {
                await lab.Delay(OneSecond);
            }
            return $"data {id}";
        }

        string[] results = [];
        var timeline = await lab.Run(async () => results = await Task.WhenAll(Enumerable.Range(0, 5).Select(Fetch)), ideal: OneSecond);

        Assert.Equal(["data 0", "data 1", "data 2", "data 3", "data 4"], results);
        Assert.Equal(OneSecond, timeline.Makespan);
        Assert.Equal(5, timeline.PeakConcurrency);
        Assert.Equal("5 tasks · makespan 1.00 s · peak concurrency 5 · ideal 1.00 s", timeline.Summary);
        Assert.Equal(["fetch 0", "fetch 1", "fetch 2", "fetch 3", "fetch 4"], timeline.Tasks.Select(t => t.Name));
    }

    [Fact]
    public async Task FanOut_AwaitedOneAfterAnother_TakesFiveSeconds()
    {
        var lab = new Lab(virtualTime: true);
        async Task<string> Fetch(int id)
        {
            using var job = lab.Track($"fetch {id}");
            using (job.Begin())
            {
                await lab.Delay(OneSecond);
            }
            return $"data {id}";
        }

        var timeline = await lab.Run(async () =>
        {
            for (var id = 0; id < 5; id++)
            {
                await Fetch(id);
            }
        }, ideal: TimeSpan.FromSeconds(5));

        Assert.Equal("5 tasks · makespan 5.00 s · peak concurrency 1 · ideal 5.00 s", timeline.Summary);
    }

    [Fact]
    public async Task Throttle_TenJobsThroughSemaphoreOfThree_RunInFourWavesAndNeverFourAtOnce()
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(3);
        async Task<int> Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using var work = job.Begin();
                await lab.Delay(OneSecond);
                return id;
            }
            finally
            {
                gate.Release();
            }
        }

        var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Job)), ideal: TimeSpan.FromSeconds(4));

        Assert.Equal("10 tasks · makespan 4.00 s · peak concurrency 3 · ideal 4.00 s", timeline.Summary);
        var waveStarts = timeline.Tasks.Select(t => t.Segments.Single(s => s.Kind == SegmentKind.InProgress).Start.TotalSeconds);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 3], waveStarts);
        Assert.Equal(TimeSpan.FromSeconds(3), timeline.Tasks[9].Waiting);
        Assert.Equal(3, gate.CurrentCount);
    }

    [Fact]
    public async Task ProducerConsumer_OneEachThroughAChannel_MatchesTheQueueDepthTable()
    {
        var lab = new Lab(virtualTime: true);
        var channel = Channel.CreateUnbounded<int>();

        async Task Produce()
        {
            using var job = lab.Track("producer");
            for (var item = 0; item < 5; item++)
            {
                using (job.Begin($"make item {item}"))
                {
                    await lab.Delay(TimeSpan.FromSeconds(0.5));
                }
                await channel.Writer.WriteAsync(item);
                lab.Enqueued();
            }
            channel.Writer.Complete();
            lab.Mark("producer done");
        }

        async Task Consume()
        {
            using var job = lab.Track("consumer");
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                lab.Dequeued();
                using (job.Begin($"process item {item}"))
                {
                    await lab.Delay(OneSecond);
                }
            }
        }

        var timeline = await lab.Run(() => Task.WhenAll(Produce(), Consume()), ideal: TimeSpan.FromSeconds(5.5));

        Assert.Equal("2 tasks · makespan 5.50 s · peak concurrency 2 · ideal 5.50 s", timeline.Summary);
        var depth = timeline.Queue().Depth.Select(p => (p.Time.TotalSeconds, p.Value));
        Assert.Equal(
            [(0.5, 1), (0.5, 0), (1.0, 1), (1.5, 0), (1.5, 1), (2.0, 2), (2.5, 1), (2.5, 2), (3.5, 1), (4.5, 0)],
            depth);
        Assert.Equal(2, timeline.Queue().Peak);
        Assert.Equal(new TimelineMark(TimeSpan.FromSeconds(2.5), "producer done"), Assert.Single(timeline.Marks));
        var consumer = timeline.Tasks.Single(t => t.Name == "consumer");
        Assert.Equal(new Segment(SegmentKind.Waiting, TimeSpan.Zero, TimeSpan.FromSeconds(0.5)), consumer.Segments[0]);
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5], consumer.Segments.Where(s => s.Kind == SegmentKind.InProgress).Select(s => s.Start.TotalSeconds));
    }
}
