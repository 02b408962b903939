using Microsoft.DotNet.Interactive.Formatting;

namespace AsyncLab.Interactive.Tests;

/// <summary>After Attach, a checked prediction, a sweep, a comparison and a replay format as their charts and their text.</summary>
[Collection(nameof(InProcessKernelCollection))]
public sealed class PredictionAndSweepFormatTests
{
    private static async Task<Timeline> OneSecond(Lab lab, int count)
    {
        async Task Fetch(int id)
        {
            using var job = lab.Track($"fetch {id}");
            using (job.Begin())
            {
                await lab.Delay(1);
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, count).Select(Fetch)));
    }

    [Fact]
    public async Task PredictionCheck_AfterAttach_FormatsAsChartWithVerdictAndAsText()
    {
        Notebook.Attach();
        var check = (await OneSecond(new Lab(virtualTime: true), 2)).Check(new Prediction { Makespan = 1.0 });

        var html = check.ToDisplayString(HtmlFormatter.MimeType);

        Assert.Contains("asynclab-timeline", html);
        Assert.Contains("your guess 1.00 s", html);
        Assert.Contains("✓ Prediction: all checks pass", html);
        Assert.Equal(check.ToString(), check.ToDisplayString(PlainTextFormatter.MimeType));
    }

    [Fact]
    public async Task SweepAndComparison_AfterAttach_FormatAsChartsAndAsText()
    {
        Notebook.Attach();
        var sweep = await Sweep.Run([1, 2], (lab, count) => OneSecond(lab, count), parameter: "fetches");

        Assert.Contains("asynclab-small-multiples", sweep.ToDisplayString(HtmlFormatter.MimeType));
        Assert.Equal(sweep.ToString(), sweep.ToDisplayString(PlainTextFormatter.MimeType));
        Assert.Contains("with 1 fetch: 1.00 s · with 2 fetches: 1.00 s, ±0%", sweep.Compare(1, 2).ToDisplayString(HtmlFormatter.MimeType));
    }

    [Fact]
    public async Task Replay_AfterAttach_FormatsAsReplayAndAsText()
    {
        Notebook.Attach();
        var replay = (await OneSecond(new Lab(virtualTime: true), 2)).Replay();

        var html = replay.ToDisplayString(HtmlFormatter.MimeType);

        Assert.Contains("asynclab-replay-slider", html);
        Assert.Contains("<li>0.00 s: fetch 0 and fetch 1 start work</li>", html);
        Assert.Equal("2 tasks · makespan 1.00 s · peak concurrency 2 · replay of 2 moments", replay.ToDisplayString(PlainTextFormatter.MimeType));
    }
}
