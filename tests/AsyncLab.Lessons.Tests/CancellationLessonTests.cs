namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/05-cancellation-timeouts.dib and its solution, run on the kernel with every lab in virtual time: every
/// summary line is compared exactly with Golden/05-cancellation-timeouts.txt (<see cref="GoldenSummaryTests"/>); these
/// tests check what the lesson's prose says about each run.
/// </summary>
public sealed class CancellationLessonTests
{
    private const string Lesson = "05-cancellation-timeouts.dib";
    private const string Solution = "solutions/05-cancellation-timeouts-solution.dib";

    [Fact]
    public async Task Lesson_OneToken_CancelsOnlyTheDownloadsStillRunning()
    {
        // Cancel() at 1.5 s: downloads 3 (0.5 s) and 0 (1.0 s) are done, 1, 2 and 4 are still transferring.
        var text = await LessonRuns.Text(Lesson, "var fan =");
        Assert.Contains("Task.WhenAll threw OperationCanceledException", text);
        Assert.Contains("download 0: RanToCompletion, download 1: Canceled, download 2: Canceled, download 3: RanToCompletion, download 4: Canceled", text);
    }

    [Theory]
    [InlineData("var keepGoing =")]
    [InlineData("var stoppedEarly =")]
    public async Task Lesson_OneDownloadFails_TheCallerHearsTheFailureNotACancellation(string cell)
    {
        Assert.Contains("the caller hears: download 0: server error 500", await LessonRuns.Text(Lesson, cell));
    }

    [Fact]
    public async Task Lesson_LinkedSource_EndsTheRunWhenTheFirstDownloadFails()
    {
        var keepGoing = await LessonRuns.SummaryLine(Lesson, "var keepGoing =");
        var stoppedEarly = await LessonRuns.SummaryLine(Lesson, "var stoppedEarly =");
        Assert.Equal("5 tasks · makespan 3.00 s · peak concurrency 5 · 1 faulted", keepGoing);
        Assert.Equal("5 tasks · makespan 1.00 s · peak concurrency 5 · 1 faulted · 3 canceled", stoppedEarly);
    }

    [Fact]
    public async Task Lesson_DeadlineOnTheLabsClock_StopsTheSlowDownloadsAtExactlyTwoSeconds()
    {
        Assert.Equal("5 tasks · makespan 2.00 s · peak concurrency 5 · 2 canceled", await LessonRuns.SummaryLine(Lesson, "var deadlineRun ="));
    }

    [Fact]
    public async Task Lesson_WaitAsync_TheDownloadsGoOnAfterTheCallerGaveUp()
    {
        // WaitAsync(2 s, lab.Time) stops the waiting at 2 s; downloads 1 (2.5 s) and 2 (3.0 s) have no token and complete.
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var gaveUp =");
        Assert.Contains("still at work after the caller gave up: download 1 until 2.50 s (completed), download 2 until 3.00 s (completed)", cell.Text);
        Assert.Equal("5 tasks · makespan 3.00 s · peak concurrency 5", Assert.Single(NotebookRun.Summaries(cell)).Line);
    }

    [Fact]
    public async Task Lesson_ThreeWorkers_StopAtOnceAtTheNextCheckOrNever()
    {
        var text = await LessonRuns.Text(Lesson, "var asked =");
        Assert.Contains("listens while it waits: canceled at 1.00 s", text);
        Assert.Contains("checks between steps: canceled at 1.50 s", text);
        Assert.Contains("ignores the token: completed at 3.00 s", text);
    }

    [Fact]
    public async Task Lesson_StopButtonCell_EndsOnItsOwnWhenNobodyPressesStop()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Null(run.Cell("var poll =").Error);
        Assert.Contains("the poller finished 6 of 6 rounds", run.Cell("the poller finished").Text);
        Assert.Contains("the poller finished 6 of 6 rounds", run.SecondRun("the poller finished").Text);
    }

    [Fact]
    public async Task Solution_Exercises_PrintWhatArrivedWhatTheCallerHeardAndWhatWasResized()
    {
        var run = await LessonRuns.Get(Solution);
        Assert.Contains("arrived: file 0, file 2, file 4", run.Cell("var batchRun =").Text);
        Assert.Contains("the caller hears: HttpRequestException: download 1: server error 500", run.Cell("var partsRun =").Text);
        Assert.Contains("resized 2 images", run.Cell("var resizeRun =").Text);
    }
}
