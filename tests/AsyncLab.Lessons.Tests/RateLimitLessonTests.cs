namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/07-rate-limits.dib and its solution, run on the kernel with every lab in virtual time: the claims the lesson
/// makes about each run (answers of the pretend API, when calls start, what the limiter's lines show), checked exactly.
/// The summary lines are compared with Golden/07-rate-limits.txt by <see cref="GoldenSummaryTests"/>.
/// </summary>
public sealed class RateLimitLessonTests
{
    private const string Lesson = "07-rate-limits.dib";
    private const string Solution = "solutions/07-rate-limits-solution.dib";

    [Theory]
    [InlineData("var gated =")]
    [InlineData("var parallel =")]
    public async Task Lesson_ConcurrencyLimitOfFive_OnlyTheFirstWaveIsAccepted(string cell)
    {
        // Five at once with calls of 0.2 s is 25 calls a second: waves at 0.2, 0.4 and 0.6 s each find five accepted
        // less than a second ago.
        Assert.Contains("5 results, 15 × 429, 0 × 503", await LessonRuns.Text(Lesson, cell));
    }

    [Theory]
    [InlineData("var bucket =")]
    [InlineData("var window =")]
    [InlineData("var sliding =")]
    public async Task Lesson_RateLimiterOfFivePerSecond_EveryCallGetsAResult(string cell)
    {
        Assert.Contains("20 results, 0 × 429, 0 × 503", await LessonRuns.Text(Lesson, cell));
    }

    [Fact]
    public async Task Lesson_TokenBucketInNumbers_FiveCallsStartEachSecondAndTheQueueStepsDown()
    {
        var text = await LessonRuns.Text(Lesson, "var quotaSeries =");
        Assert.Contains("quota (rate limiter, 5 permits): lowest 0 available, peak 15 queued", text);
        Assert.Contains("queued: 0.0 s → 15, 1.0 s → 10, 2.0 s → 5, 3.0 s → 0", text);
        Assert.Contains("calls started: 5 at 0.0 s, 5 at 1.0 s, 5 at 2.0 s, 5 at 3.0 s", text);
        Assert.Contains("call 19 waited 3.0 s, waiting for quota (5 permits)", text);
    }

    [Fact]
    public async Task Lesson_FirstGuessOfFourSeconds_GetsAHintAndTheGuessIsDrawn()
    {
        var text = await LessonRuns.Text(Lesson, "window.Check(windowGuess)");
        Assert.Contains("✗", text);
        Assert.Contains("your guess 4.00 s", text);
    }

    [Fact]
    public async Task Lesson_RateSweep_RefusalsStartAboveFiveAndEnoughLooksOnlyAtTheMakespan()
    {
        // Fixed window of n per second, twenty calls at 0 s: batches of n at 0, 1, 2, ... s; each batch has n - 5 refused
        // (the batch a second earlier is exactly 1 s old). Makespans 19.2, 9.2, 6.2, 4.2, 3.2, 3.2, 2.2, 2.2 s.
        var text = await LessonRuns.Text(Lesson, "var rateSweep =");
        Assert.Contains("429s at 1 to 8 per second: 0, 0, 0, 0, 0, 3, 5, 6", text);
        Assert.Contains("enough: 7 per second (makespan 2.20 s, within 5% of the best)", text);
        Assert.Contains("1 per second: makespan 19.20 s", text);
        Assert.Contains("5 per second: makespan 3.20 s", text);
    }

    [Fact]
    public async Task Lesson_LateBurst_FixedWindowLetsTenThroughAndTheSlidingWindowDoesNot()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("5 results, 5 × 429, 0 × 503", run.Cell("var edgeFixed =").Text);
        Assert.Contains("10 results, 0 × 429, 0 × 503", run.Cell("var edgeSliding =").Text);
    }

    [Fact]
    public async Task Lesson_SlowCallsUnderTheBucket_FifteenInFlightAndFifteenBusy()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var slow =");
        Assert.Contains("5 results, 0 × 429, 15 × 503", cell.Text);
        Assert.Equal(15, Assert.Single(NotebookRun.Summaries(cell)).Peak);
    }

    [Fact]
    public async Task Lesson_ExerciseStarters_ShowTheProblemTheyAskToFix()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("2 results, 6 × 429, 0 × 503", run.Cell("var weather =").Text);
        Assert.Contains("6 results, 0 × 429, 4 × 503", run.Cell("var reportRun =").Text);
    }

    [Fact]
    public async Task Solution_Exercises_EveryCallGetsAResult()
    {
        var run = await LessonRuns.Get(Solution);
        Assert.Contains("8 results, 0 × 429, 0 × 503", run.Cell("var weather =").Text);
        Assert.Contains("10 results, 0 × 429, 0 × 503", run.Cell("var reportRun =").Text);
    }
}
