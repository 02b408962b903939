
namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/06-as-completed.dib (Task.WhenEach, Task.WhenAny, hedged requests, deadlines) and its solution, run on the
/// kernel with every lab in virtual time: every summary line is compared exactly with Golden/06-as-completed.txt, in
/// both passes; these tests check what the cells print and the exercises' verdicts.
/// </summary>
public sealed class AsCompletedLessonTests
{
    private const string Lesson = "06-as-completed.dib";
    private const string Solution = "solutions/06-as-completed-solution.dib";

    [Fact]
    public async Task Lesson_WhenAll_HandlingWaitsForTheSlowestFetch()
    {
        // The slowest fetch (fetch 2) takes 1.0 s; Task.WhenAll completes then, and not a page is handled before.
        Assert.Contains("handling began at 1.0 s", await LessonRuns.Text(Lesson, "var allRun ="));
    }

    [Fact]
    public async Task Lesson_WhenEach_HandlesEachPageAsItArrives()
    {
        // Fetches of 0.6, 0.2, 1.0, 0.4, 0.8 s finish in the order 1, 3, 0, 4, 2; the handler starts with page 1 at 0.2 s.
        var run = await LessonRuns.Get(Lesson);
        foreach (var cell in new[] { run.Cell("var eachRun ="), run.SecondRun("var eachRun =") })
        {
            Assert.Contains("handled: page 1, page 3, page 0, page 4, page 2", cell.Text);
            Assert.Contains("handling began at 0.2 s", cell.Text);
        }
    }

    [Fact]
    public async Task Lesson_WhenAny_FastestMirrorWinsAndTheOthersAreCanceled()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var mirrors =");
        Assert.Contains("answer from mirror B", cell.Text);
        Assert.Equal("3 tasks · makespan 0.40 s · peak concurrency 3 · ideal 0.40 s · 2 canceled", Assert.Single(NotebookRun.Summaries(cell)).Line);
    }

    [Theory]
    [InlineData("var hedged =", "answer from backup")]
    [InlineData("var close =", "answer from primary")]
    public async Task Lesson_HedgedRequest_TakesTheFirstAnswer(string cell, string answer)
    {
        // Stuck primary (2 s): the backup, sent at 0.5 s, answers at 0.8 s. Primary of 0.6 s: it beats the backup.
        Assert.Contains(answer, await LessonRuns.Text(Lesson, cell));
    }

    [Fact]
    public async Task Lesson_Deadline_KeepsWhatArrivedAndCancelsTheRest()
    {
        var text = await LessonRuns.Text(Lesson, "var deadlineRun =");
        Assert.Contains("in time: page 1, page 3, page 0", text);
        Assert.Contains("canceled: fetch 2, fetch 4", text);
    }

    [Fact]
    public async Task Lesson_EveryRun_StaysOnTheLabClock()
    {
        // Task.WhenEach, Task.WhenAny, Task.Delay(t, lab.Time) and CancellationTokenSource(t, lab.Time) all resume on the
        // virtual-time loop: no run carries the lab's real-clock warning, in either pass.
        var run = await LessonRuns.Get(Lesson);
        Assert.All(run.Cells.Concat(run.SecondPass), cell => Assert.DoesNotContain("waited on the real clock", cell.Text));
    }

    [Fact]
    public async Task Lesson_XPlotCell_DrawsTheWhenEachRunWithXPlotAndItsSummary()
    {
        // InXPlot() loads the XPlot layer on demand (the caption is written only after XPlot drew the chart) and the
        // run's summary line comes out under it, in both passes, with no #r in the lesson.
        var run = await LessonRuns.Get(Lesson);
        foreach (var cell in new[] { run.Cell("eachRun.InXPlot()"), run.SecondRun("eachRun.InXPlot()") })
        {
            Assert.Null(cell.Error);
            Assert.Contains("drawn with XPlot.Plotly", cell.Text);
            Assert.Contains("10 tasks · makespan 1.70 s · peak concurrency 5 · ideal 1.70 s", cell.Text);
        }
    }

    [Fact]
    public async Task Solution_FirstSuccessfulAnswer_SkipsTheFailedMirror()
    {
        var text = await LessonRuns.Text(Solution, "var firstOkRun =");
        Assert.Contains("skipped: mirror B: connection reset", text);
        Assert.Contains("answer from mirror C", text);
    }

}
