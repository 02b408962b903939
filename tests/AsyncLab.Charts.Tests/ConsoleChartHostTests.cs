namespace AsyncLab.Charts.Tests;

/// <summary>Lab.Show in a console program with the chart host installed. Changes the process's console, environment and host, so runs alone.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleChartHostTests
{
    [Fact]
    public async Task Show_TimelineWithTheHostInstalled_PrintsSummaryAndWritesNumberedChartFile()
    {
        var timeline = await ChartTimelines.FanOut(5, title: "Fan out: 5 fetches!");

        using var shown = ShowWithTheHost(() =>
        {
            Lab.Show(timeline);
            Lab.Show(timeline);
            Lab.Show(42);
        });

        var files = shown.Folder.GetFiles("*.html").Select(f => f.Name).Order().ToArray();
        Assert.Equal(2, files.Length);
        Assert.All(files, name => Assert.Matches("^[0-9]+-fan-out-5-fetches\\.html$", name));
        var numbers = files.Select(name => int.Parse(name.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(numbers[0] + 1, numbers[1]);
        var lines = shown.Lines;
        Assert.Equal(timeline.Summary, lines[0]);
        Assert.Contains(Path.Combine(shown.Folder.FullName, files[0]), lines[1], StringComparison.Ordinal);
        Assert.Equal("42", lines[^1]);
        Assert.Contains(timeline.Summary, File.ReadAllText(Path.Combine(shown.Folder.FullName, files[0])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_ReplayWithTheHostInstalled_PrintsSummaryAndWritesTheReplayPage()
    {
        var timeline = await ChartTimelines.FanOut(3, title: "Fan out");

        using var shown = ShowWithTheHost(() => Lab.Show(timeline.Replay()));

        var file = Assert.Single(shown.Folder.GetFiles("*.html"));
        Assert.Matches("^[0-9]+-fan-out\\.html$", file.Name);
        Assert.Equal([timeline.Summary, $"replay written to {file.FullName}"], shown.Lines);
        Assert.Contains("asynclab-replay-slider", File.ReadAllText(file.FullName), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_PlotlyChartWithTheHostInstalled_WritesItAsAPage()
    {
        var chart = (await ChartTimelines.FanOut(2)).ToChart();

        using var shown = ShowWithTheHost(() => Lab.Show(chart));

        var file = Assert.Single(shown.Folder.GetFiles("*.html"));
        Assert.Matches("^[0-9]+-chart\\.html$", file.Name);
        Assert.Contains("chart written to " + file.FullName, shown.Printed, StringComparison.Ordinal);
        Assert.Contains("data-asynclab-plotly", File.ReadAllText(file.FullName), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "timeline")]
    [InlineData("", "timeline")]
    [InlineData("Fan out", "fan-out")]
    [InlineData("  Producer & consumer: 5 items ", "producer-consumer-5-items")]
    [InlineData("<script>", "script")]
    [InlineData("日本", "timeline")]
    public void Slug_Title_GivesSafeFileName(string? title, string expected)
    {
        Assert.Equal(expected, ConsoleChartHost.Slug(title));
    }

    /// <summary>
    /// Runs <paramref name="show"/> with the console chart host installed, its charts going to a new temporary folder
    /// and the console captured; the console and the environment are put back afterwards.
    /// </summary>
    private static Shown ShowWithTheHost(Action show)
    {
        var folder = Directory.CreateTempSubdirectory("asynclab-show-");
        var previousFolder = Environment.GetEnvironmentVariable(ConsoleChartHost.ChartsVariable);
        var previousOut = Console.Out;
        using var printed = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable(ConsoleChartHost.ChartsVariable, folder.FullName);
            Console.SetOut(printed);
            using (LabHost.Install(new ConsoleChartHost()))
            {
                show();
            }
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.SetEnvironmentVariable(ConsoleChartHost.ChartsVariable, previousFolder);
        }
        return new Shown(folder, printed.ToString());
    }

    /// <summary>What a show left behind: the chart folder (deleted on dispose) and what it printed.</summary>
    private sealed record Shown(DirectoryInfo Folder, string Printed) : IDisposable
    {
        public string[] Lines => Printed.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        public void Dispose() => Folder.Delete(recursive: true);
    }
}
