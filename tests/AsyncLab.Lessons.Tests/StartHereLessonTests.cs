namespace AsyncLab.Lessons.Tests;

/// <summary>notebooks/00-start-here.dib and its solution, run once each on the kernel.</summary>
public sealed class StartHereLessonTests
{
    private const string Lesson = "00-start-here.dib";
    private const string Solution = "solutions/00-start-here-solution.dib";

    [Fact]
    public async Task Lesson_EveryCell_RunsWithoutError()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.All(run.Cells, cell => Assert.True(cell.Error is null, $"cell {cell.Number} failed: {cell.Error}"));
    }

    [Theory]
    [InlineData("Exercise 1")]
    [InlineData("Exercise 2")]
    public async Task Lesson_StarterCode_GetsHint(string exercise)
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.StartsWith($"✗ {exercise} · hint: ", run.Verdict(exercise));
    }

    [Theory]
    [InlineData("Exercise 1")]
    [InlineData("Exercise 2")]
    public async Task Solution_SelfCheck_GetsTick(string exercise)
    {
        var run = await LessonRuns.Get(Solution);
        Assert.Equal($"✓ {exercise}: all checks pass", run.Verdict(exercise));
    }

    [Theory]
    [InlineData("var chores =", 3, 2)]
    [InlineData("var hot =", 2, 2)]
    [InlineData("var lazy =", 2, 1)]
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
    public async Task Lesson_VirtualTimeCell_ShowsExactFigures()
    {
        var run = await LessonRuns.Get(Lesson);
        var summary = Assert.Single(NotebookRun.Summaries(run.Cell("var exact =")));
        Assert.Equal("2 tasks · makespan 1.00 s · peak concurrency 2 · ideal 1.00 s", summary.Line);
    }

    [Fact]
    public async Task Lesson_HotTasks_PrintBothResults()
    {
        var run = await LessonRuns.Get(Lesson);
        var text = run.Cell("var hot =").Text;
        Assert.InRange(text.IndexOf("a.txt done", StringComparison.Ordinal), 0, text.IndexOf("b.txt done", StringComparison.Ordinal) - 1);
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
    [InlineData("var chores =")]
    [InlineData("var hot =")]
    [InlineData("var lazy =")]
    [InlineData("var exact =")]
    [InlineData("var puzzle =")]
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
