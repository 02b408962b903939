using System.Text.Json;
using System.Xml.Linq;
using Plotly.NET;

namespace AsyncLab.Charts.Tests;

public sealed class PredictionChartsTests
{
    private static readonly string[] FetchOrder = ["fetch 2", "fetch 0", "fetch 1"];

    [Fact]
    public async Task ToChart_MakespanGuess_DrawsADashedLineLabelledWithTheGuess()
    {
        var check = (await ChartTimelines.FanOut(3)).Check(new Prediction { Makespan = 2.0 });

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(check.ToChart()));

        var layout = figure.RootElement.GetProperty("layout");
        var line = layout.GetProperty("shapes").EnumerateArray().Single(s => s.GetProperty("line").GetProperty("color").GetString() == Palette.Guess);
        Assert.True(line.GetProperty("x0").GetDouble() == 2.0);
        Assert.Equal("dash", line.GetProperty("line").GetProperty("dash").GetString());
        Assert.Contains(layout.GetProperty("annotations").EnumerateArray(), a => a.GetProperty("text").GetString() == "your guess 2.00 s");
        // The axis reaches the guess even though the run ended at 1 s.
        Assert.True(layout.GetProperty("xaxis").GetProperty("range")[1].GetDouble() >= 2.0);
    }

    [Fact]
    public async Task ToChart_PeakGuess_PutsAMarkerInTheLowerPanelAtTheRealPeakTime()
    {
        var check = (await ChartTimelines.FanOut(3)).Check(new Prediction { PeakConcurrency = 2 });

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(check.ToChart()));

        var marker = figure.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "your guess: peak 2");
        Assert.Equal("y2", marker.GetProperty("yaxis").GetString());
        Assert.True(marker.GetProperty("x")[0].GetDouble() == 0.0);
        Assert.Equal(2, marker.GetProperty("y")[0].GetInt32());
    }

    [Fact]
    public async Task ToChart_QueuePeakGuessOnAWatchedChannel_PutsTheMarkerInThatChannelsPanel()
    {
        var check = (await ChartTimelines.GateAndDroppingQueue()).Check(new Prediction { QueuePeak = 2, Queue = "results" });

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(check.ToChart()));

        // "results" is the second watched resource: its panel is y5 (y4 is the gate's).
        var marker = figure.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "your guess: queue peak 2");
        Assert.Equal("y5", marker.GetProperty("yaxis").GetString());
        Assert.Equal(2, marker.GetProperty("y")[0].GetInt32());
    }

    [Fact]
    public async Task ToHtmlFragment_OrderGuess_ListsBothOrdersAndTheHintUnderTheChart()
    {
        var check = (await ChartTimelines.FanOut(3)).Check(new Prediction { FinishOrder = FetchOrder, LastToEnd = "fetch 1" });

        var html = check.ToHtmlFragment(includePlotlyJs: false);

        Assert.Contains("<div class=\"asynclab-verdict\"", html);
        Assert.Contains("✓ Prediction: all checks pass", html);   // the three end together: any order holds
        Assert.Contains("<th style=\"text-align:left;padding:0 12px 0 0\">your order</th><th style=\"text-align:left;padding:0 12px 0 0\">real order</th>", html);
        Assert.Contains("<td style=\"text-align:right;padding:0 12px 0 0\">1</td><td style=\"padding:0 12px 0 0\">fetch 2</td><td style=\"padding:0 12px 0 0\">fetch 0</td>", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public async Task ToSvg_WrongGuesses_IsOneWellFormedPictureWithTheGuessLineAndTheHint()
    {
        var check = (await ChartTimelines.FanOut(3)).Check(new Prediction { Makespan = 3.0, PeakConcurrency = 1, FinishOrder = FetchOrder });

        var svg = check.ToSvg();

        var document = XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains(">your guess 3.00 s</text>", svg);
        Assert.Contains(">your guess: peak 1</text>", svg);
        Assert.Contains("class=\"asynclab-panel-point\"", svg);
        Assert.Contains(">✗ Prediction · hint: The run was faster than 3.00 s: which tasks ran at the same time?</text>", svg);
        Assert.Contains(">    1. fetch 2                  | fetch 0</text>", svg);
    }

    [Fact]
    public async Task ToHtmlFragment_TaskNameWithMarkup_IsEscapedInTheOrderTable()
    {
        var check = (await ChartTimelines.FanOut(2, scriptAt: 1)).Check(new Prediction { LastToEnd = ChartTimelines.ScriptName });

        var html = check.ToHtmlFragment(includePlotlyJs: false);

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)", html);
    }
}
