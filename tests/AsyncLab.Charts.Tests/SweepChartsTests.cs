using System.Text.Json;
using System.Xml.Linq;
using Plotly.NET;

namespace AsyncLab.Charts.Tests;

public sealed class SweepChartsTests
{
    private static Task<SweepResult> SlotsOneToFive() => Sweep.Run(Enumerable.Range(1, 5), async (lab, slots) =>
    {
        var gate = lab.Semaphore(slots, "gate");
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using (job.Begin())
                {
                    await lab.Delay(1);
                }
            }
            finally
            {
                gate.Release();
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Job)));
    }, parameter: "slots", title: "Ten jobs of 1 s");

    [Fact]
    public async Task ToChart_SlotsOneToFive_HasTheMakespanCurveOverTheValuesAndTheEnoughLine()
    {
        var sweep = await SlotsOneToFive();

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(sweep.ToChart()));

        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["makespan", "throughput", "peak waiting"], data.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], data[0].GetProperty("x").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal([10.0, 5.0, 4.0, 3.0, 2.0], data[0].GetProperty("y").EnumerateArray().Select(y => y.GetDouble()));
        Assert.Equal([9.0, 8.0, 7.0, 6.0, 5.0], data[2].GetProperty("y").EnumerateArray().Select(y => y.GetDouble()));
        Assert.Equal("y3", data[2].GetProperty("yaxis").GetString());
        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal("enough: 5 slots", layout.GetProperty("annotations")[0].GetProperty("text").GetString());
        Assert.Equal("slots", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public async Task ToSvg_SlotsOneToFive_IsOneWellFormedPictureWithThreeCurvesAndFiveMiniTimelines()
    {
        var sweep = await SlotsOneToFive();

        var svg = sweep.ToSvg();

        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(3, document.Descendants(ns + "path").Count(p => (string?)p.Attribute("class") == "asynclab-sweep-line"));
        Assert.Equal(5, document.Descendants(ns + "g").Count(g => (string?)g.Attribute("class") == "asynclab-mini"));
        Assert.Contains(">1 slot · 10.00 s</text>", svg);
        Assert.Contains(">5 slots · 2.00 s</text>", svg);
        Assert.Contains(">enough: 5 slots</text>", svg);
    }

    [Fact]
    public async Task ToHtmlFragment_SlotsOneToFive_HasTheStaticCurveThePlotAndTheSmallMultiples()
    {
        var sweep = await SlotsOneToFive();

        var html = sweep.ToHtmlFragment(includePlotlyJs: false);

        Assert.Contains("<div class=\"asynclab-static\"", html);
        Assert.Contains("asynclab-sweep-curve", html);
        Assert.Contains("<div class=\"asynclab-plot\"", html);
        Assert.Contains("<div class=\"asynclab-small-multiples\">", html);
        Assert.Contains("enough: 5 slots (makespan 2.00 s, within 5% of the best)", html);
    }

    [Fact]
    public async Task ToHtmlFragment_Comparison_ShowsTheDiffLineAndBothRunsOnOneTimeScale()
    {
        var comparison = (await SlotsOneToFive()).Compare(3, 4);

        var html = comparison.ToHtmlFragment(includePlotlyJs: false);
        var svg = comparison.ToSvg();

        Assert.Contains("<div class=\"asynclab-diff\" style=\"font-family:monospace;margin:0 0 6px 0\">with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%</div>", html);
        Assert.Equal(2, html.Split("class=\"asynclab-timeline\"").Length - 1);
        XDocument.Parse(svg);
        Assert.Contains(">with 3 slots</text>", svg);
        Assert.Contains(">with 4 slots</text>", svg);
        Assert.Contains(">with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%</text>", svg);
        // Both pictures share the 4 s run's scale: the 4 s tick appears in each.
        Assert.Equal(2, svg.Split(">4 s</text>").Length - 1);
    }

    [Fact]
    public async Task ToSvg_SlotsOneToFive_SmallMultiplesHoverSaysTaskStateTimesAndTheRunsFigures()
    {
        var svg = (await SlotsOneToFive()).ToSvg();

        // With 3 slots job 9 waits 3 s and works from 3 s to 4 s.
        Assert.Contains("<title>job 9: waiting 0.00–3.00 s (3 slots)</title>", svg);
        Assert.Contains("<title>job 9: in progress 3.00–4.00 s (3 slots)</title>", svg);
        Assert.Contains("<title>3 slots: makespan 4.00 s, at most 3 in progress</title>", svg);
    }
}
