namespace AsyncLab.Charts.Tests;

public sealed class ResourceChartTests
{
    private static async Task<Timeline> Throttled()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(3, "gate");
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                await job.Run(() => lab.Delay(1));
            }
            finally
            {
                gate.Release();
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Job)));
    }

    [Fact]
    public async Task ToSvg_WatchedSemaphore_DrawsSlotsInUseCapacityAndTasksWaiting()
    {
        var svg = (await Throttled()).ToSvg();

        Assert.Contains("gate: slots in use", svg);
        Assert.Contains("gate: 3 slots", svg);
        Assert.Contains("gate: tasks waiting", svg);
    }

    [Fact]
    public async Task ToHtml_WatchedSemaphore_HoverNamesTheGateEachTaskWaitsFor()
    {
        var html = (await Throttled()).ToHtml();

        Assert.Contains("waiting · waiting for gate (3 slots)", html);
        Assert.Contains("gate: slots in use", html);
    }

    [Fact]
    public async Task ToSvg_ChannelThatFills_DrawsItemsCapacityAndWritersHeld()
    {
        var lab = new Lab(virtualTime: true);
        var queue = lab.BoundedChannel<int>(1, "queue");
        async Task Produce()
        {
            using var producer = lab.Track("producer");
            for (var item = 0; item < 4; item++)
            {
                await producer.Run(() => lab.Delay(0.5));
                await queue.Writer.WriteAsync(item);
            }
            queue.Writer.Complete();
        }
        async Task Consume()
        {
            using var consumer = lab.Track("consumer");
            await foreach (var item in queue.Reader.ReadAllAsync())
            {
                await consumer.Run(() => lab.Delay(1));
            }
        }

        var svg = (await lab.Run(() => Task.WhenAll(Produce(), Consume()))).ToSvg();

        Assert.Contains("queue: items", svg);
        Assert.Contains("queue: capacity 1", svg);
        Assert.Contains("queue: writers held (full)", svg);
    }

    [Fact]
    public async Task ToSvg_ChannelThatDrops_DrawsTheRunningCountOfDrops()
    {
        var lab = new Lab(virtualTime: true);
        var queue = lab.BoundedChannel<int>(1, "queue", System.Threading.Channels.BoundedChannelFullMode.DropOldest);
        var timeline = await lab.Run(() => lab.Track("producer", async job =>
        {
            for (var item = 0; item < 3; item++)
            {
                await job.Run(() => lab.Delay(0.5));
                await queue.Writer.WriteAsync(item);   // nobody reads: items 0 and 1 are dropped at 1.0 s and 1.5 s
            }
        }));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)], timeline.Resource("queue").Drops);
        Assert.Contains("queue: items dropped (so far)", timeline.ToSvg());
        Assert.DoesNotContain("items dropped", (await Throttled()).ToSvg());
    }

    [Fact]
    public async Task ToSvg_NoTaskEverWaits_LegendHasNoWaitingEntry()
    {
        var lab = new Lab(virtualTime: true);
        var timeline = await lab.Run(() => lab.Track("alone", job => job.Run(() => lab.Delay(1))));

        Assert.DoesNotContain(">waiting<", timeline.ToSvg());
    }
}
