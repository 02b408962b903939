namespace AsyncLab.Lessons.Tests;

/// <summary>notebooks/02-throttling-semaphore.dib (scenario 2) and its solution, run once each on the kernel.</summary>
public sealed class ThrottlingLessonTests
{
    private const string Lesson = "02-throttling-semaphore.dib";
    private const string Solution = "solutions/02-throttling-semaphore-solution.dib";

    [Fact]
    public async Task Lesson_EveryCell_RunsWithoutError()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.All(run.Cells, cell => Assert.True(cell.Error is null, $"cell {cell.Number} failed: {cell.Error}"));
    }

    [Fact]
    public async Task Solution_EveryCell_RunsWithoutError()
    {
        var run = await LessonRuns.Get(Solution);
        Assert.All(run.Cells, cell => Assert.True(cell.Error is null, $"cell {cell.Number} failed: {cell.Error}"));
    }

    [Theory]
    [InlineData("Exercise 1")]
    [InlineData("Exercise 2")]
    [InlineData("Exercise 3")]
    public async Task Lesson_StarterCode_GetsHint(string exercise)
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.StartsWith($"✗ {exercise} · hint: ", run.Verdict(exercise));
    }

    [Theory]
    [InlineData("Exercise 1")]
    [InlineData("Exercise 2")]
    [InlineData("Exercise 3")]
    public async Task Solution_SelfCheck_GetsTick(string exercise)
    {
        var run = await LessonRuns.Get(Solution);
        Assert.Equal($"✓ {exercise}: all checks pass", run.Verdict(exercise));
    }

    [Theory]
    [InlineData("var overload =", 10, 10)]
    [InlineData("var throttled =", 10, 3)]
    [InlineData("var knob =", 10, 5)]
    [InlineData("var safe =", 10, 3)]
    public async Task Lesson_RealTimeRun_MatchesIdealWithinFivePercent(string cell, int tasks, int peak)
    {
        var run = await LessonRuns.Get(Lesson);
        var summary = Assert.Single(NotebookRun.Summaries(run.Cell(cell)));
        Assert.Equal(tasks, summary.Tasks);
        Assert.Equal(peak, summary.Peak);
        Assert.NotNull(summary.Ideal);
        Assert.InRange(summary.Makespan, summary.Ideal.Value, summary.Ideal.Value * 1.05);
    }

    [Fact]
    public async Task Lesson_NoLimit_SevenCallsGetBusy()
    {
        var run = await LessonRuns.Get(Lesson);
        var text = run.Cell("var overload =").Text;
        Assert.Contains("result 0, result 1, result 2, 503 busy", text);
        Assert.Equal(7, text.Split("503 busy").Length - 1);
    }

    [Fact]
    public async Task Lesson_ProofCell_ShowsTheLimitHolds()
    {
        var run = await LessonRuns.Get(Lesson);
        var text = run.Cell("most jobs in progress at once").Text;
        Assert.Contains("most jobs in progress at once: 3", text);
        Assert.Contains("highest point of the concurrency panel: 3", text);
        Assert.Contains("busy answers from the service: 0", text);
        Assert.Contains("free slots after the run: 3 of 3", text);
        Assert.Contains("job 0 waited 0.00 s", text);
        Assert.Matches(@"job 9 waited 3\.0\d s", text);
    }

    [Fact]
    public async Task Lesson_SkippedRelease_LeaksEverySlotAndTimesOut()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var leak =");
        Assert.Contains("free slots after the run: 0 of 3", cell.Text);
        Assert.Contains("jobs that gave up waiting: 7", cell.Text);
        var summary = Assert.Single(NotebookRun.Summaries(cell));
        Assert.Equal(10, summary.Tasks);
        Assert.InRange(summary.Makespan, 2.0, 2.0 * 1.1);   // the 2 s timeout, plus timer lateness on a busy machine
        Assert.Contains("ideal 4.00 s · 10 faulted", cell.Text);
    }

    [Fact]
    public async Task Lesson_ReleaseInFinally_GivesEverySlotBack()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var safe =");
        Assert.Contains("free slots after the run: 3 of 3", cell.Text);
        Assert.Contains("ideal 4.00 s · 3 faulted", cell.Text);
    }

    [Fact]
    public async Task Lesson_VirtualTimeCell_ShowsScenarioTwoExactly()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var exact =");
        var summary = Assert.Single(NotebookRun.Summaries(cell));
        Assert.Equal("10 tasks · makespan 4.00 s · peak concurrency 3 · ideal 4.00 s", summary.Line);
        Assert.Contains("job 2: waited 0.00 s, in progress from 0.00 s", cell.Text);
        Assert.Contains("job 5: waited 1.00 s, in progress from 1.00 s", cell.Text);
        Assert.Contains("job 8: waited 2.00 s, in progress from 2.00 s", cell.Text);
        Assert.Contains("job 9: waited 3.00 s, in progress from 3.00 s", cell.Text);
    }

    [Fact]
    public async Task Lesson_WholeRun_TakesUnderThirtySeconds()
    {
        var run = await LessonRuns.Get(Lesson);
        var time = run.LessonTime ?? run.Elapsed;
        Assert.True(time < TimeSpan.FromSeconds(30), $"the cells after setup took {time.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("var overload =")]
    [InlineData("var throttled =")]
    [InlineData("var knob =")]
    [InlineData("var leak =")]
    [InlineData("var safe =")]
    [InlineData("var exact =")]
    public async Task Lesson_CellRunAgain_GivesSameCounts(string cell)
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.True(run.SecondPass.Count > 0, "the lesson did not run a second time: " + run.Log);
        var first = Assert.Single(NotebookRun.Summaries(run.Cell(cell)));
        var again = Assert.Single(NotebookRun.Summaries(run.SecondRun(cell)));
        Assert.Equal((first.Tasks, first.Peak), (again.Tasks, again.Peak));
        Assert.InRange(again.Makespan, first.Makespan * 0.95, first.Makespan * 1.05);
    }
}
