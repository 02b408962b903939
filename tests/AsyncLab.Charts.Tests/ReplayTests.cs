using System.Text.RegularExpressions;

namespace AsyncLab.Charts.Tests;

public sealed partial class ReplayTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Lesson 02's GatedJob: tracked (waiting), a slot, Begin inside try, one second of work, Release in finally.</summary>
    private static async Task<string> GatedJob(Lab lab, SemaphoreSlim gate, int id)
    {
        using var job = lab.Track($"job {id}");
        await gate.WaitAsync();
        try
        {
            using var work = job.Begin();
            await lab.Delay(1.0);
            return $"result {id}";
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The same job through a gate the lab watches (a <see cref="LabSemaphore"/> must be called as one to be seen).</summary>
    private static async Task<string> WatchedGatedJob(Lab lab, LabSemaphore gate, int id)
    {
        using var job = lab.Track($"job {id}");
        await gate.WaitAsync();
        try
        {
            using var work = job.Begin();
            await lab.Delay(1.0);
            return $"result {id}";
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<Timeline> LessonTwo()
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(3);
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(id => GatedJob(lab, gate, id))), ideal: S(4));
    }

    private static async Task<Timeline> LessonTwoWatched()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(3, "gate");
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(id => WatchedGatedJob(lab, gate, id))), ideal: S(4));
    }

    [Fact]
    public async Task Moments_LessonTwoPlainSemaphore_OneLinePerWave()
    {
        var replay = (await LessonTwo()).Replay();

        Assert.Equal(
            [
                "0.00 s: job 0, job 1 and job 2 start work; job 3, job 4, job 5 and 4 more wait",
                "1.00 s: job 0, job 1 and job 2 end; job 3, job 4 and job 5 start work",
                "2.00 s: job 3, job 4 and job 5 end; job 6, job 7 and job 8 start work",
                "3.00 s: job 6, job 7 and job 8 end; job 9 starts work",
                "4.00 s: job 9 ends",
            ],
            replay.Moments.Select(m => m.ToString()));
    }

    [Fact]
    public async Task Moments_LessonTwoWatchedGate_SayWhoTakesWaitsForAndReleasesTheGate()
    {
        var replay = (await LessonTwoWatched()).Replay();

        Assert.Equal(
            [
                "0.00 s: job 0, job 1 and job 2 take a slot of gate; job 0, job 1 and job 2 start work; job 3, job 4, job 5 and 4 more wait for gate",
                "1.00 s: job 0, job 1 and job 2 release gate; job 0, job 1 and job 2 end; job 3, job 4 and job 5 take a slot of gate; job 3, job 4 and job 5 start work",
                "2.00 s: job 3, job 4 and job 5 release gate; job 3, job 4 and job 5 end; job 6, job 7 and job 8 take a slot of gate; job 6, job 7 and job 8 start work",
                "3.00 s: job 6, job 7 and job 8 release gate; job 6, job 7 and job 8 end; job 9 takes a slot of gate; job 9 starts work",
                "4.00 s: job 9 releases gate; job 9 ends",
            ],
            replay.Moments.Select(m => m.ToString()));
    }

    [Theory]
    [InlineData(0.0, "")]
    [InlineData(0.5, "0.00 s: job 0, job 1 and job 2 start work; job 3, job 4, job 5 and 4 more wait")]
    [InlineData(1.0, "1.00 s: job 0, job 1 and job 2 end; job 3, job 4 and job 5 start work")]
    [InlineData(3.999, "3.00 s: job 6, job 7 and job 8 end; job 9 starts work")]
    [InlineData(10.0, "4.00 s: job 9 ends")]
    public async Task LineAt_LessonTwo_IsTheLastMomentAtOrBeforeTheTime(double seconds, string expected)
    {
        var replay = (await LessonTwo()).Replay();

        // Before anything happened at 0 s there is nothing to say; at 0 s exactly the first moment has happened.
        Assert.Equal(seconds == 0.0 ? replay.Moments[0].ToString() : expected, replay.LineAt(seconds));
    }

    [Theory]
    [InlineData("job 0", 0.0, "in progress")]
    [InlineData("job 0", 1.0, "ended")]
    [InlineData("job 9", 0.0, "waiting")]
    [InlineData("job 9", 2.999, "waiting")]
    [InlineData("job 9", 3.0, "in progress")]
    [InlineData("job 9", 4.0, "ended")]
    public async Task StateAt_LessonTwo_FollowsTheSegments(string row, double seconds, string expected)
    {
        var replay = (await LessonTwo()).Replay();

        Assert.Equal(expected, replay.StateAt(row, seconds));
    }

    [Fact]
    public async Task StateAt_WatchedGate_NamesWhatTheTaskWaitsFor()
    {
        var replay = (await LessonTwoWatched()).Replay();

        Assert.Equal("waiting for gate (3 slots)", replay.StateAt("job 9", 2.5));
    }

    [Fact]
    public async Task Moments_FaultedAndCanceledJobs_SayHowEachEnded()
    {
        var replay = (await ChartTimelines.Throttled(count: 6, failSome: true)).Replay();

        // Job i works 0.5 + (i % 3) × 0.25 s: jobs 0–2 end at 0.50, 0.75, 1.00 s; job 3 (0.5 s) runs 0.50–1.00,
        // job 4 (0.75 s) 0.75–1.50 and faults, job 5 (1.0 s) 1.00–2.00 and is canceled.
        Assert.Equal(
            [
                "0.00 s: job 0, job 1 and job 2 start work; job 3, job 4 and job 5 wait",
                "0.50 s: job 0 ends; job 3 starts work",
                "0.75 s: job 1 ends; job 4 starts work",
                "1.00 s: job 2 and job 3 end; job 5 starts work",
                "1.50 s: job 4 faults",
                "2.00 s: job 5 is canceled",
            ],
            replay.Moments.Select(m => m.ToString()));
        Assert.Equal("faulted", replay.StateAt("job 4", 1.5));
        Assert.Equal("canceled", replay.StateAt("job 5", 2.0));
    }

    [Fact]
    public async Task Moments_ProducerConsumer_NamesEachItemAndTheMark()
    {
        var replay = (await ChartTimelines.ProducerConsumer()).Replay();

        Assert.Equal("0.00 s: producer starts make item 0; consumer waits", replay.Moments[0].ToString());
        Assert.Equal("0.50 s: producer finishes make item 0; producer starts make item 1; consumer starts process item 0", replay.Moments.Single(m => m.Time == S(0.5)).ToString());
        // The producer's last item ends with the producer itself, so it is said once, as "producer ends".
        Assert.Equal("2.50 s: consumer finishes process item 1; producer ends; consumer starts process item 2; mark \"producer done\"", replay.Moments.Single(m => m.Time == S(2.5)).ToString());
        Assert.Equal("in progress · process item 2", replay.StateAt("consumer", 3.0));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public async Task LineAt_NegativeOrNaN_ThrowsNamingSeconds(double seconds)
    {
        var replay = (await LessonTwo()).Replay();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => replay.LineAt(seconds));
        Assert.Equal("seconds", error.ParamName);
    }

    [Fact]
    public async Task StateAt_UnknownRow_ThrowsListingRows()
    {
        var replay = (await LessonTwo()).Replay();

        var error = Assert.Throws<ArgumentException>(() => replay.StateAt("job 10", 1.0));
        Assert.Equal("row", error.ParamName);
        Assert.Contains("'job 0', 'job 1'", error.Message);
    }

    [Fact]
    public async Task ToString_LessonTwo_SummaryAndMomentCount()
    {
        var replay = (await LessonTwo()).Replay();

        Assert.Equal("10 tasks · makespan 4.00 s · peak concurrency 3 · ideal 4.00 s · replay of 5 moments", replay.ToString());
    }

    [Fact]
    public async Task ToHtml_Replay_HasNoExternalUrlAndEscapesNames()
    {
        var page = (await ChartTimelines.FanOut(5, scriptAt: 2)).Replay().ToHtml();

        // plotly.js mentions web addresses in its own strings (docs, d3 links) but loads nothing; the rest must name none.
        Assert.Contains(PlotlyJs.GuardedScript, page);
        var html = page.Replace(PlotlyJs.GuardedScript, string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain(" href=", html);
        var urls = Url().Matches(html).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(["http://www.w3.org/2000/svg"], urls);
        Assert.DoesNotContain(ChartTimelines.ScriptName, html);
        Assert.Contains("<li>0.00 s: fetch 0, fetch 1, &lt;script&gt;alert(1)&lt;/script&gt; and 2 more start work</li>", html);
    }

    [GeneratedRegex("(https?:)?//[a-zA-Z0-9.-]+\\.[a-z]{2,}[^\"'\\s)]*")]
    private static partial Regex Url();
}
