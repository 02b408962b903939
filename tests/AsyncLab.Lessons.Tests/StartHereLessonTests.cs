namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/00-start-here.dib and its solution, run on the kernel with every lab in virtual time: every summary line
/// is compared exactly with Golden/00-start-here.txt, in both passes.
/// </summary>
public sealed class StartHereLessonTests
{
    private const string Lesson = "00-start-here.dib";
    private const string Solution = "solutions/00-start-here-solution.dib";

    [Fact]
    public async Task Lesson_VirtualTimeCell_ShowsTheLineItsProseQuotes()
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
    public async Task Lesson_TaskTable_PrintsWaitingAndWorkOfEachChore()
    {
        var run = await LessonRuns.Get(Lesson);
        var text = run.Cell("foreach (var task in chores.Tasks)").Text;
        Assert.Contains("washing machine  waited 0.00 s, in progress 1.00 s", text);
        Assert.Contains("dishwasher       waited 0.00 s, in progress 0.60 s", text);
        Assert.Contains("dryer            waited 1.00 s, in progress 0.50 s", text);
    }
}
