namespace AsyncLab.Lessons.Tests;

/// <summary>notebooks/01-fan-out-whenall.dib (scenario 1) and its solution, run once each on the kernel.</summary>
public sealed class FanOutLessonTests
{
    private const string Lesson = "01-fan-out-whenall.dib";
    private const string Solution = "solutions/01-fan-out-whenall-solution.dib";

    [Fact]
    public async Task Lesson_EveryCell_RunsWithoutError()
    {
        var run = await LessonRuns.Get(Lesson);
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
    [InlineData("var sequential =", 5, 1)]
    [InlineData("var together =", 5, 5)]
    [InlineData("var mixed =", 5, 5)]
    [InlineData("var slip =", 5, 1)]
    public async Task Lesson_RealTimeRun_MatchesIdealWithinFivePercent(string cell, int tasks, int peak)
    {
        var run = await LessonRuns.Get(Lesson);
        var summary = Assert.Single(NotebookRun.Summaries(run.Cell(cell)));
        Assert.Equal(tasks, summary.Tasks);
        Assert.Equal(peak, summary.Peak);
        Assert.NotNull(summary.Ideal);
        Timing.SkipWhenOverloaded();
        Assert.InRange(summary.Makespan, summary.Ideal.Value, summary.Ideal.Value * 1.05);
    }

    [Fact]
    public async Task Lesson_VirtualTimeCell_ShowsScenarioOneExactly()
    {
        var run = await LessonRuns.Get(Lesson);
        var summary = Assert.Single(NotebookRun.Summaries(run.Cell("var exact =")));
        Assert.Equal("5 tasks · makespan 1.00 s · peak concurrency 5 · ideal 1.00 s", summary.Line);
    }

    [Fact]
    public async Task Lesson_WhenAll_ReturnsResultsInStartOrder()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("page 0, page 1, page 2, page 3, page 4", run.Cell("var together =").Text);
        var mixed = run.Cell("var mixed =").Text;
        Assert.Contains("finished: fetch 1, fetch 3, fetch 0, fetch 4, fetch 2", mixed);
        Assert.Contains("results:  page 0, page 1, page 2, page 3, page 4", mixed);
    }

    [Fact]
    public async Task Lesson_WholeRun_TakesUnderThirtySeconds()
    {
        var run = await LessonRuns.Get(Lesson);
        var time = run.LessonTime ?? run.Elapsed;
        Timing.SkipWhenOverloaded();
        Assert.True(time < TimeSpan.FromSeconds(30), $"the cells after setup took {time.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("var sequential =")]
    [InlineData("var together =")]
    [InlineData("var mixed =")]
    [InlineData("var slip =")]
    [InlineData("var exact =")]
    public async Task Lesson_CellRunAgain_GivesSameCounts(string cell)
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.True(run.SecondPass.Count > 0, "the lesson did not run a second time: " + run.Log);
        var first = Assert.Single(NotebookRun.Summaries(run.Cell(cell)));
        var again = Assert.Single(NotebookRun.Summaries(run.SecondRun(cell)));
        Assert.Equal((first.Tasks, first.Peak), (again.Tasks, again.Peak));
        Timing.SkipWhenOverloaded();
        Assert.InRange(again.Makespan, first.Makespan * 0.95, first.Makespan * 1.05);
    }
}
