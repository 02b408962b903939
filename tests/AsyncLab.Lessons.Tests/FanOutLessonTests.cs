using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/01-fan-out-whenall.dib (scenario 1) and its solution, run on the kernel with every lab in virtual time:
/// every summary line is compared exactly with Golden/01-fan-out-whenall.txt, in both passes.
/// </summary>
public sealed class FanOutLessonTests
{
    private const string Lesson = "01-fan-out-whenall.dib";
    private const string Solution = "solutions/01-fan-out-whenall-solution.dib";

    [Theory]
    [InlineData("var together =")]
    [InlineData("var exact =")]
    public async Task Lesson_ScenarioOneCell_ShowsTheReferenceLine(string cell)
    {
        Assert.Equal(ReferenceScenarios.FanOut, await LessonRuns.SummaryLine(Lesson, cell));
    }

    [Fact]
    public async Task Lesson_ExerciseTwoStarter_ShowsTheGuessNextToTheRun()
    {
        // The check's table, one row per guess: what, your guess, the run.
        var text = Regex.Replace(await LessonRuns.Text(Lesson, "predicted.Check(fetchGuess"), @"\s+", " ");
        Assert.Contains("your guess 0.00 s", text);
        Assert.Contains("makespan 0.00 s 2.50 s", text);
        Assert.Contains("peak concurrency 0 2", text);
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
}
