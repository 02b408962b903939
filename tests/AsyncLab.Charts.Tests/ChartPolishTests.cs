using System.Text.Json;
using System.Xml.Linq;
using AsyncLab.Tests.Shared;
using Plotly.NET;

namespace AsyncLab.Charts.Tests;

/// <summary>Segments told apart within one row, and legends that list only what the chart shows.</summary>
public sealed class ChartPolishTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task ToChart_ConsumerWithLabelledItems_EdgesEveryBarAndWritesEachLabelInside()
    {
        var timeline = await ChartTimelines.ProducerConsumer();

        using var figure = Figure(timeline.ToChart());

        var inProgress = Trace(figure, "in progress");
        var marker = inProgress.GetProperty("marker");
        Assert.Equal(Palette.SegmentEdge, marker.GetProperty("line").GetProperty("color").GetString());
        Assert.Equal(1, marker.GetProperty("line").GetProperty("width").GetDouble());
        var labels = inProgress.GetProperty("text").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(
            ["make item 0", "make item 1", "make item 2", "make item 3", "make item 4", "process item 0", "process item 1", "process item 2", "process item 3", "process item 4"],
            labels.Order(StringComparer.Ordinal));
        Assert.Equal("inside", inProgress.GetProperty("textposition").GetString());
        Assert.Equal(0, inProgress.GetProperty("textangle").GetInt32());
        // A label that does not fit is hidden, not shrunk; the hover always names the item.
        var uniform = figure.RootElement.GetProperty("layout").GetProperty("uniformtext");
        Assert.Equal("hide", uniform.GetProperty("mode").GetString());
        Assert.Contains(inProgress.GetProperty("hovertext").EnumerateArray(), h => h.GetString()!.Contains("in progress · process item 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ToSvg_ConsumerWithLabelledItems_OutlinesEveryRectAndLabelsTheBarsWideEnough()
    {
        var timeline = await ChartTimelines.ProducerConsumer();

        var document = XDocument.Parse(timeline.ToSvg());

        var groups = document.Descendants(Svg + "g").Where(g => g.Attribute("fill") is not null && g.Elements(Svg + "rect").Any()).ToList();
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.Equal(Palette.SegmentEdge, g.Attribute("stroke")?.Value));
        var written = document.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "asynclab-segment-label").Select(t => t.Value).ToArray();
        // Each 1 s item of the consumer is about 140 px wide: its label fits. The producer's 0.5 s items (about 70 px)
        // are too narrow for "make item 0" at 10 px; their tooltips still name them.
        Assert.Equal(["process item 0", "process item 1", "process item 2", "process item 3", "process item 4"], written);
        Assert.Contains(document.Descendants(Svg + "rect"), r => r.Element(Svg + "title")!.Value.Contains("in progress · make item 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ToSvg_LabelWithMarkup_IsEscapedInsideTheBar()
    {
        var lab = new Lab(virtualTime: true);
        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("consumer");
            await job.Run(() => lab.Delay(2), "<b>item</b> & more");
        });

        var svg = timeline.ToSvg();

        Assert.DoesNotContain("<b>item", svg, StringComparison.Ordinal);
        var label = XDocument.Parse(svg).Descendants(Svg + "text").Single(t => t.Attribute("class")?.Value == "asynclab-segment-label");
        Assert.Equal("<b>item</b> & more", label.Value);
    }

    [Theory]
    [InlineData(40, false)]
    [InlineData(73.9, false)]
    [InlineData(74, true)]
    public void LabelFits_ElevenCharacters_NeedSeventyFourPixels(double width, bool fits)
    {
        Assert.Equal(fits, SvgPicture.LabelFits("make item 0", width));
    }

    [Fact]
    public async Task ToChart_FiveTasksBeginningAtOnce_LegendHasNoWaitingNorFailures()
    {
        var timeline = await ChartTimelines.FanOut(5);

        using var figure = Figure(timeline.ToChart());

        Assert.Equal(["in progress", "in progress (count)"], Names(figure));
    }

    [Fact]
    public async Task ToSvg_FiveTasksBeginningAtOnce_LegendHasNoWaiting()
    {
        var timeline = await ChartTimelines.FanOut(5);

        var texts = SvgTexts(timeline.ToSvg());
        var fragmentTexts = SvgTexts(SvgOf(timeline.ToHtmlFragment(includePlotlyJs: false)));

        Assert.Contains("in progress", texts);
        Assert.DoesNotContain("waiting", texts);
        Assert.DoesNotContain(texts, t => t.Contains("faulted", StringComparison.Ordinal) || t.Contains("canceled", StringComparison.Ordinal));
        Assert.Equal(texts.Where(t => t.StartsWith("in progress", StringComparison.Ordinal)), fragmentTexts.Where(t => t.StartsWith("in progress", StringComparison.Ordinal)));
        Assert.DoesNotContain("waiting", fragmentTexts);
    }

    [Fact]
    public async Task ToChart_ThrottledWithFailures_LegendListsEveryStateItShows()
    {
        var timeline = await ChartTimelines.Throttled(failSome: true);

        using var figure = Figure(timeline.ToChart());

        Assert.Equal(
            ["waiting", "in progress", "in progress, then faulted", "in progress, then canceled", "faulted ✕", "canceled ✕", "in progress (count)"],
            Names(figure));
        Assert.Contains("waiting", SvgTexts(timeline.ToSvg()));
    }

    [Fact]
    public async Task ToChart_WatchedGateNobodyWaitsFor_PanelHasNoWaitingLine()
    {
        var (timeline, _) = await GatedJobs.Run(jobs: 3, slots: 5);

        using var figure = Figure(timeline.ToChart());

        Assert.Equal(["in progress", "in progress (count)", "gate: slots in use", "gate: 5 slots"], Names(figure));
        Assert.DoesNotContain(SvgTexts(timeline.ToSvg()), t => t.Contains("waiting", StringComparison.Ordinal));
    }

    private static JsonDocument Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toFigureJson(chart));

    private static JsonElement Trace(JsonDocument figure, string name) =>
        figure.RootElement.GetProperty("data").EnumerateArray().First(t => t.GetProperty("name").GetString() == name);

    /// <summary>The legend entries of a figure: every trace's name, unless it is hidden from the legend.</summary>
    private static string[] Names(JsonDocument figure) =>
        [.. figure.RootElement.GetProperty("data").EnumerateArray()
            .Where(t => !(t.TryGetProperty("showlegend", out var shown) && shown.ValueKind == JsonValueKind.False))
            .Select(t => t.GetProperty("name").GetString()!)];

    private static string[] SvgTexts(string svg) => [.. XDocument.Parse(svg).Descendants(Svg + "text").Select(t => t.Value)];

    private static string SvgOf(string html)
    {
        var start = html.IndexOf("<svg ", StringComparison.Ordinal);
        var end = html.IndexOf("</svg>", start, StringComparison.Ordinal);
        return html[start..(end + "</svg>".Length)];
    }
}
