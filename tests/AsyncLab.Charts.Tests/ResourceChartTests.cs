using System.Text.Json;
using System.Text.RegularExpressions;
using AsyncLab.Tests.Shared;
using Plotly.NET;

namespace AsyncLab.Charts.Tests;

public sealed partial class ResourceChartTests
{
    private static async Task<Timeline> Throttled() => (await GatedJobs.Run(jobs: 10, slots: 3)).Timeline;

    [Fact]
    public void ServerPanel_NamesRequestsInFlightTheLimitAndThe429sSoFar()
    {
        static TimeSpan at(double seconds) => TimeSpan.FromSeconds(seconds);
        var server = new ResourceSeries("server", ResourceKind.Server, 2,
            [new(at(0), 0), new(at(1), 1), new(at(2), 2), new(at(3), 1), new(at(4), 0)], [], [], [at(2.5), at(2.5), at(2.75)]);

        var panel = TimelineChartModel.ResourcePanelOf(server);

        Assert.Equal("server · server, limit 2", panel.Title);
        Assert.Equal(["server: requests in flight", "server: limit 2", "server: refused with 429 (total)"], panel.Steps.Select(s => s.Name));
        Assert.Equal([0, 2, 3], panel.Steps[2].Points.Select(p => p.Value));
        Assert.Equal("server (server, limit 2): peak 2 in flight, 3 refused (429)", server.ToString());
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
        Assert.Contains("queue: items dropped (total)", timeline.ToSvg());
        Assert.DoesNotContain("items dropped", (await Throttled()).ToSvg());
    }

    [Fact]
    public async Task ToSvg_NoTaskEverWaits_LegendHasNoWaitingEntry()
    {
        var lab = new Lab(virtualTime: true);
        var timeline = await lab.Run(() => lab.Track("alone", job => job.Run(() => lab.Delay(1))));

        Assert.DoesNotContain(">waiting<", timeline.ToSvg());
    }

    [Fact]
    public async Task ToChart_SemaphoreAndChannel_OnePanelEachUnderTheConcurrencyPanel()
    {
        var timeline = await ChartTimelines.GateAndDroppingQueue();

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(timeline.ToChart()));

        var traces = figure.RootElement.GetProperty("data").EnumerateArray()
            .Where(t => t.GetProperty("type").GetString() == "scatter")
            .Select(t => (Name: t.GetProperty("name").GetString(), Axis: t.GetProperty("yaxis").GetString(), Color: t.GetProperty("line").GetProperty("color").GetString(), Dash: t.GetProperty("line").GetProperty("dash").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("in progress (count)", "y2", Palette.Concurrency, "solid"),
                ("gate: slots in use", "y4", Palette.ResourceLevel, "solid"),
                ("gate: 2 slots", "y4", Palette.Capacity, "dash"),
                ("gate: tasks waiting", "y4", Palette.ResourceWaiting, "dot"),
                ("results: items", "y5", Palette.ResourceLevel, "solid"),
                ("results: capacity 1", "y5", Palette.Capacity, "dash"),
                ("results: items dropped (total)", "y5", Palette.Dropped, "dot"),
            ],
            traces);
        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal("y5", layout.GetProperty("xaxis").GetProperty("anchor").GetString());
        double[] Domain(string axis) => [.. layout.GetProperty(axis).GetProperty("domain").EnumerateArray().Select(d => d.GetDouble())];
        Assert.True(Domain("yaxis")[0] > Domain("yaxis2")[1], "tasks above concurrency");
        Assert.True(Domain("yaxis2")[0] > Domain("yaxis4")[1], "concurrency above the gate");
        Assert.True(Domain("yaxis4")[0] > Domain("yaxis5")[1], "the gate above the channel");
        Assert.Equal(0, Domain("yaxis5")[0]);
        var titles = layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal(["<b>gate · semaphore, 2 slots</b>", "<b>results · channel, capacity 1</b>"], titles);
    }

    [Fact]
    public async Task ToChart_DroppingChannel_DropLineCountsEveryDrop()
    {
        var timeline = await ChartTimelines.GateAndDroppingQueue();

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(timeline.ToChart()));

        // Jobs 0 and 1 end at 1 s: job 0's item fills the channel, job 1's is dropped; jobs 2 and 3 end at 2 s, both dropped.
        var drops = figure.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "results: items dropped (total)");
        Assert.Equal([0.0, 1.0, 2.0], drops.GetProperty("x").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal([0, 1, 3], drops.GetProperty("y").EnumerateArray().Select(y => y.GetInt32()));
    }

    [Fact]
    public async Task ToSvg_SemaphoreAndChannel_OnePanelEachWithTheSameColoursAsThePlotlyChart()
    {
        var timeline = await ChartTimelines.GateAndDroppingQueue();

        var svg = timeline.ToSvg();
        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(timeline.ToChart()));

        var panels = PanelTitle().Matches(svg).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["gate · semaphore, 2 slots", "results · channel, capacity 1"], panels);
        var svgLines = StepPath().Matches(svg).Select(m => (Name: m.Groups[2].Value, Color: m.Groups[1].Value)).ToList();
        var plotlyLines = figure.RootElement.GetProperty("data").EnumerateArray()
            .Where(t => t.GetProperty("type").GetString() == "scatter")
            .Select(t => (Name: t.GetProperty("name").GetString()!, Color: t.GetProperty("line").GetProperty("color").GetString()!))
            .ToList();
        Assert.Equal(plotlyLines, svgLines);
    }

    [Fact]
    public async Task ToSvg_NoWatchedResource_HasNoResourcePanel()
    {
        var svg = (await ChartTimelines.FanOut(5)).ToSvg();

        Assert.DoesNotContain("asynclab-resource-panel", svg);
    }

    [GeneratedRegex("<g class=\"asynclab-resource-panel\"><text [^>]*>([^<]*)</text>")]
    private static partial Regex PanelTitle();

    [GeneratedRegex("<path d=\"M[^\"]*\" stroke=\"([^\"]*)\" stroke-width=\"2\" fill=\"none\"[^>]*><title>([^<]*)</title></path>")]
    private static partial Regex StepPath();
}
