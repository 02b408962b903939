using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Plotly.NET;

namespace AsyncLab.Charts.Tests;

public sealed partial class TimelineChartsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public async Task ToChart_NTasks_HasNRowsFirstTaskOnTop(int count)
    {
        var timeline = await ChartTimelines.FanOut(count);

        using var figure = Figure(timeline.ToChart());

        var rows = figure.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("categoryarray");
        Assert.Equal(count, rows.GetArrayLength());
        Assert.Equal("fetch 0", rows[0].GetString());
        Assert.Equal("reversed", figure.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("autorange").GetString());
        var inProgress = Trace(figure, "in progress");
        Assert.Equal(count, inProgress.GetProperty("y").EnumerateArray().Select(y => y.GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData(PlotlyFigure.LargeRowThreshold + 100)]
    [InlineData(10_000)]
    public async Task ToChart_MoreRowsThanTheBarThreshold_DrawsOnePathPerStateOverNRows(int count)
    {
        var timeline = await ChartTimelines.Many(count);

        using var figure = Figure(timeline.ToChart());

        var layout = figure.RootElement.GetProperty("layout");
        var range = layout.GetProperty("yaxis").GetProperty("range");
        Assert.Equal(count - 0.5, range[0].GetDouble());
        Assert.Equal(-0.5, range[1].GetDouble());
        var paths = layout.GetProperty("shapes").EnumerateArray().Where(s => s.GetProperty("type").GetString() == "path").ToList();
        Assert.Equal([Palette.Waiting, Palette.InProgress], paths.Select(p => p.GetProperty("line").GetProperty("color").GetString()));
        Assert.Equal("job 0", layout.GetProperty("yaxis").GetProperty("ticktext")[0].GetString());
        Assert.DoesNotContain(figure.RootElement.GetProperty("data").EnumerateArray(), t => t.GetProperty("type").GetString() == "bar");
        Assert.True(figure.RootElement.GetRawText().Length < 200_000, $"figure JSON is {figure.RootElement.GetRawText().Length:N0} characters");
        Assert.Equal(Palette.InProgress, Trace(figure, "in progress").GetProperty("line").GetProperty("color").GetString());
    }

    [Fact]
    public async Task ToChart_WaitingRunningFaultedCanceled_ColorsByState()
    {
        var timeline = await ChartTimelines.Throttled(failSome: true);

        using var figure = Figure(timeline.ToChart());

        Assert.Equal(Palette.Waiting, Color(Trace(figure, "waiting")));
        Assert.Equal(Palette.InProgress, Color(Trace(figure, "in progress")));
        Assert.Equal(Palette.Faulted, Color(Trace(figure, "in progress, then faulted")));
        Assert.Equal(Palette.Canceled, Color(Trace(figure, "in progress, then canceled")));
        var faulted = Trace(figure, "faulted ✕");
        Assert.Equal("x", faulted.GetProperty("marker").GetProperty("symbol").GetString());
        Assert.Contains("job 4 broke", faulted.GetProperty("hovertext")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("hv", Trace(figure, "in progress (count)").GetProperty("line").GetProperty("shape").GetString());
        Assert.Equal(new[] { "job 0", "job 1", "job 2" }, Trace(figure, "in progress").GetProperty("y").EnumerateArray().Take(3).Select(y => y.GetString()));
    }

    [Fact]
    public async Task ToChart_QueueAndMark_DrawsQueueDepthStepLineAndMarkLine()
    {
        var timeline = await ChartTimelines.ProducerConsumer();

        using var figure = Figure(timeline.ToChart());
        using var withoutQueue = Figure(timeline.ToChart(showQueue: false));

        var depth = Trace(figure, "queue depth: queue");
        Assert.Equal("y2", depth.GetProperty("yaxis").GetString());
        Assert.Equal("hv", depth.GetProperty("line").GetProperty("shape").GetString());
        Assert.Equal(2, depth.GetProperty("y").EnumerateArray().Max(v => v.GetInt32()));
        var annotations = figure.RootElement.GetProperty("layout").GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Contains("producer done", annotations);
        Assert.DoesNotContain(withoutQueue.RootElement.GetProperty("data").EnumerateArray(), t => t.GetProperty("name").GetString()!.StartsWith("queue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ToChart_Title_UsesGivenTitleOverTimelineTitle()
    {
        var timeline = await ChartTimelines.FanOut(2, title: "from the run");

        using var own = Figure(timeline.ToChart());
        using var given = Figure(timeline.ToChart(title: "given"));

        Assert.Equal("from the run", own.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("given", given.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Outputs_TaskNamedScript_NeverContainRawScriptTag()
    {
        var timeline = (await ChartTimelines.FanOut(5, scriptAt: 2)).WithTitle("<script>alert(2)</script>");

        string[] outputs =
        [
            timeline.ToSvg(),
            timeline.ToHtmlFragment(includePlotlyJs: false),
            timeline.ToHtml(),
            GenericChart.toFigureJson(timeline.ToChart()),
        ];

        foreach (var output in outputs)
        {
            Assert.DoesNotContain("<script>alert", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("</script>alert", output, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", timeline.ToSvg(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToHtmlFragment_ErrorMessageWithClosingScript_CannotEndTheScriptEarly()
    {
        var timeline = await ChartTimelines.Throttled(failSome: true);

        var fragment = timeline.ToHtmlFragment(includePlotlyJs: false);

        // The only </script> is the one that closes the drawing script.
        Assert.Equal(1, Regex.Count(fragment, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<b>\"", fragment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToHtml_Offline_ContainsPlotlyJsOnceAndNoHttpScriptSource()
    {
        var timeline = await ChartTimelines.ProducerConsumer();

        var html = timeline.ToHtml();

        Assert.Equal(1, CountPlotly(html));
        Assert.Equal(1, Regex.Count(html, "<script data-asynclab-plotly>", RegexOptions.None));
        Assert.Empty(HttpScriptSource().Matches(html));
        Assert.DoesNotContain("require.config", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(timeline.Summary, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToHtmlFragment_TwoFragmentsDedupedByMarker_ContainPlotlyJsOnce()
    {
        var first = (await ChartTimelines.FanOut(5)).ToHtmlFragment();
        var second = (await ChartTimelines.ProducerConsumer()).ToHtmlFragment();
        Assert.Equal(1, CountPlotly(first));
        Assert.Equal(1, CountPlotly(second));

        var page = PlotlyMarkerScript().Replace(first + second, string.Empty);
        page = PlotlyJs.GuardedScript + page;

        Assert.Equal(1, CountPlotly(page));
        Assert.Equal(2, Regex.Count(page, "class=\"asynclab-timeline\"", RegexOptions.None));
        Assert.Empty(HttpScriptSource().Matches(page));
    }

    [Fact]
    public async Task ToHtmlFragment_TwoFragments_HaveDifferentElementIds()
    {
        var timeline = await ChartTimelines.FanOut(3);

        var ids = IdAttribute().Matches(timeline.ToHtmlFragment(false) + timeline.ToHtmlFragment(false)).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task ToHtmlFragment_Always_HasStaticPicturePlotDivAndSummary()
    {
        var timeline = await ChartTimelines.FanOut(5);

        var fragment = timeline.ToHtmlFragment(includePlotlyJs: false);

        Assert.StartsWith("<div class=\"asynclab-timeline\"", fragment, StringComparison.Ordinal);
        Assert.EndsWith("</div>", fragment, StringComparison.Ordinal);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", fragment, StringComparison.Ordinal);
        Assert.Contains("class=\"asynclab-plot\"", fragment, StringComparison.Ordinal);
        Assert.Contains($">{timeline.Summary}</div>", fragment, StringComparison.Ordinal);
        Assert.Equal(0, CountPlotly(fragment));
    }

    public static TheoryData<string> Scenarios => ["empty", "one", "fan-out", "script", "throttled", "failures", "queue", "many", "huge"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task ToSvg_EveryChart_IsWellFormedXml(string scenario)
    {
        var timeline = await Scenario(scenario);

        var svg = timeline.ToSvg();
        var fragmentSvg = SvgElement().Match(timeline.ToHtmlFragment(false)).Value;

        var document = XDocument.Parse(svg);
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), document.Root!.Name);
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), XDocument.Parse(fragmentSvg).Root!.Name);
        Assert.Contains(timeline.Summary, svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToSvg_TenThousandTasks_StaysSmall()
    {
        var timeline = await ChartTimelines.Many(10_000);

        var svg = timeline.ToSvg();

        Assert.True(svg.Length < 150_000, $"SVG of 10,000 tasks is {svg.Length:N0} characters.");
        Assert.Contains(Palette.InProgress, svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToSvg_FewTasks_DrawsOneRectPerSegmentWithStateColours()
    {
        var timeline = await ChartTimelines.Throttled(failSome: true);

        var document = XDocument.Parse(timeline.ToSvg());

        XNamespace svg = "http://www.w3.org/2000/svg";
        var rects = document.Descendants(svg + "g").Where(g => g.Attribute("fill") is not null)
            .ToDictionary(g => g.Attribute("fill")!.Value, g => g.Elements(svg + "rect").Count());
        Assert.Equal(timeline.Tasks.Sum(t => t.Segments.Count(s => s.Kind == SegmentKind.Waiting)), rects[Palette.Waiting]);
        Assert.Equal(timeline.Tasks.Sum(t => t.Segments.Count), rects.Values.Sum());
        Assert.Equal(1, rects[Palette.Faulted]);
        Assert.Equal(1, rects[Palette.Canceled]);
        Assert.Contains(document.Descendants(svg + "text"), t => t.Value == "job 9");
    }

    [Fact]
    public void ToSvg_EmptyTimeline_DrawsAnEmptyPicture()
    {
        var svg = Timeline.Empty.ToSvg();

        Assert.NotNull(XDocument.Parse(svg).Root);
        Assert.Contains("0 tasks", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToThreadsChart_ComputeAndBlock_OneRowPerThreadAndFragmentShowsIt()
    {
        var lab = new Lab(virtualTime: true);
        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("cruncher");
            using (job.Begin())
            {
                lab.Compute(TimeSpan.FromMilliseconds(5));
                await lab.Delay(0.1);
                lab.Block(TimeSpan.FromMilliseconds(5));
            }
        });

        using var figure = Figure(timeline.ToThreadsChart());
        var fragment = timeline.ToHtmlFragment(includePlotlyJs: false);

        var threads = timeline.Threads.Select(s => s.ThreadId).Distinct().Count();
        Assert.Equal(threads, figure.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("categoryarray").GetArrayLength());
        Assert.Equal(Palette.Computing, Color(Trace(figure, "computing")));
        Assert.Equal(2, Regex.Count(fragment, "class=\"asynclab-plot\"", RegexOptions.None));
        Assert.Equal(2, Regex.Count(fragment, "<svg ", RegexOptions.None));
    }

    [Fact]
    public async Task ToHtmlFragment_OnlyDelays_ShowsNoThreadsView()
    {
        var timeline = await ChartTimelines.FanOut(3);

        Assert.Equal(1, Regex.Count(timeline.ToHtmlFragment(false), "class=\"asynclab-plot\"", RegexOptions.None));
    }

    [Fact]
    public async Task SaveHtml_PathInNewFolder_WritesThePageAndReturnsFullPath()
    {
        var timeline = await ChartTimelines.FanOut(2);
        var folder = Path.Combine(Path.GetTempPath(), "asynclab-charts-" + Guid.NewGuid().ToString("N"));

        try
        {
            var path = timeline.SaveHtml(Path.Combine(folder, "sub", "chart.html"));

            Assert.True(Path.IsPathFullyQualified(path));
            Assert.Equal(1, CountPlotly(File.ReadAllText(path)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void PlotlyJsSource_FromPlotlyNet_IsThe228Bundle()
    {
        Assert.Contains("plotly.js v2.28.0", PlotlyJs.Source[..5000], StringComparison.Ordinal);
        Assert.Same(PlotlyJs.Source, PlotlyJs.Source);
        Assert.StartsWith("<script data-asynclab-plotly>", PlotlyJs.GuardedScript, StringComparison.Ordinal);
        Assert.DoesNotContain("</script", PlotlyJs.Source, StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task<Timeline> Scenario(string name) => name switch
    {
        "empty" => Timeline.Empty,
        "one" => await ChartTimelines.FanOut(1),
        "fan-out" => await ChartTimelines.FanOut(5),
        "script" => await ChartTimelines.FanOut(5, scriptAt: 0, title: "<b>&\u0001"),
        "throttled" => await ChartTimelines.Throttled(),
        "failures" => await ChartTimelines.Throttled(failSome: true),
        "queue" => await ChartTimelines.ProducerConsumer(),
        "many" => await ChartTimelines.Many(500),
        "huge" => await ChartTimelines.Many(3_000),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    private static int CountPlotly(string html) =>
        Regex.Count(html, Regex.Escape(PlotlyJs.Source[..400]), RegexOptions.None);

    private static JsonDocument Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toFigureJson(chart));

    private static JsonElement Trace(JsonDocument figure, string name) =>
        figure.RootElement.GetProperty("data").EnumerateArray().First(t => t.GetProperty("name").GetString() == name);

    private static string? Color(JsonElement trace) =>
        (trace.TryGetProperty("marker", out var marker) ? marker : trace.GetProperty("line")).GetProperty("color").GetString();

    [GeneratedRegex("<script[^>]*\\bsrc\\s*=\\s*[\"']?\\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex HttpScriptSource();

    [GeneratedRegex("<script data-asynclab-plotly>.*?</script>", RegexOptions.Singleline)]
    private static partial Regex PlotlyMarkerScript();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
