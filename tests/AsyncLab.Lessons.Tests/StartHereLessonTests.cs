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
        Assert.Equal("2 tasks · makespan 1.00 s · peak concurrency 2 · ideal 1.00 s", await LessonRuns.SummaryLine(Lesson, "var exact ="));
    }

    [Fact]
    public async Task Lesson_HotTasks_PrintBothResults()
    {
        var text = await LessonRuns.Text(Lesson, "var hot =");
        Assert.InRange(text.IndexOf("a.txt done", StringComparison.Ordinal), 0, text.IndexOf("b.txt done", StringComparison.Ordinal) - 1);
    }

    [Fact]
    public async Task Lesson_TaskTable_PrintsWaitingAndWorkOfEachChore()
    {
        var text = await LessonRuns.Text(Lesson, "foreach (var task in chores.Tasks)");
        Assert.Contains("washing machine  waited 0.00 s, in progress 1.00 s", text);
        Assert.Contains("dishwasher       waited 0.00 s, in progress 0.60 s", text);
        Assert.Contains("dryer            waited 1.00 s, in progress 0.50 s", text);
    }
}
