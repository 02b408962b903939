using System.Text.RegularExpressions;
using AsyncLab.Charts;
using AsyncLab.XPlot;

namespace AsyncLab.Interactive.Tests;

public sealed class XPlotTimelineTests
{
    private static async Task<Timeline> ThrottledAsync()
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(2);
        async Task Job(int id)
        {
            using var job = lab.Track(id == 0 ? "<b>bold</b>" : $"job {id}");
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
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 5).Select(Job)));
    }

    [Fact]
    public async Task ToXPlotHtml_Offline_CarriesPlotlyJsOnceAndNoWebScript()
    {
        var html = (await ThrottledAsync()).ToXPlotHtml();

        Assert.Single(Regex.Matches(html, "data-asynclab-plotly"));
        Assert.Contains(PlotlyJs.Source[..200], html);
        Assert.DoesNotMatch("<script[^>]+src=\"?https?:", html);
        Assert.Contains("Plotly.newPlot", html);
    }

    [Fact]
    public async Task ToXPlotChart_FiveTasks_HasFiveRowsAndAConcurrencyPanel()
    {
        var html = (await ThrottledAsync()).ToXPlotChart().GetInlineHtml();

        foreach (var row in new[] { "job 1", "job 2", "job 3", "job 4" })
        {
            Assert.Contains($"\"{row}\"", html);
        }
        Assert.Contains("\"in progress (count)\"", html);
        Assert.Contains("\"y2\"", html);
        Assert.DoesNotContain("<b>bold</b>", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
    }
}
