using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/02-throttling-semaphore.dib (scenario 2) and its solution, run on the kernel with every lab in virtual
/// time: every summary line is compared exactly with Golden/02-throttling-semaphore.txt, in both passes.
/// </summary>
public sealed class ThrottlingLessonTests
{
    private const string Lesson = "02-throttling-semaphore.dib";
    private const string Solution = "solutions/02-throttling-semaphore-solution.dib";

    [Fact]
    public async Task Lesson_NoLimit_SevenCallsGetBusy()
    {
        var text = await LessonRuns.Text(Lesson, "var overload =");
        Assert.Contains("result 0, result 1, result 2, 503 busy", text);
        Assert.Equal(7, text.Split("503 busy").Length - 1);
    }

    [Fact]
    public async Task Lesson_ProofCell_ShowsTheLimitHolds()
    {
        var text = await LessonRuns.Text(Lesson, "most jobs in progress at once");
        Assert.Contains("most jobs in progress at once: 3", text);
        Assert.Contains("busy answers from the service: 0", text);
        Assert.Contains("most slots in use: 3 of 3, most jobs waiting: 7", text);
        Assert.Contains("free slots after the run: 3 of 3", text);
        Assert.Contains("job 0 waited 0.00 s", text);
        Assert.Contains("job 9 waited 3.00 s", text);
    }

    [Fact]
    public async Task Lesson_SkippedRelease_LeaksEverySlotAndTimesOut()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var leak =");
        Assert.Contains("free slots after the run: 0 of 3", cell.Text);
        Assert.Contains("jobs that gave up waiting: 7", cell.Text);
    }

    [Fact]
    public async Task Lesson_ExerciseTwoStarter_ShowsTheGuessNextToTheRun()
    {
        // The starter guesses 0 s and 0 jobs; the run is 3.00 s with two slots busy, whatever order the waiters are served in.
        // The check's table, one row per guess: what, your guess, the run.
        var text = Regex.Replace(await LessonRuns.Text(Lesson, "guessed.Check(gateGuess"), @"\s+", " ");
        Assert.Contains("your guess 0.00 s", text);
        Assert.Contains("makespan 0.00 s 3.00 s", text);
        Assert.Contains("peak concurrency 0 2", text);
    }

    [Fact]
    public async Task Lesson_ReleaseInFinally_GivesEverySlotBack()
    {
        Assert.Contains("free slots after the run: 3 of 3", await LessonRuns.Text(Lesson, "var safe ="));
    }

    [Theory]
    [InlineData("var throttled =")]
    [InlineData("var exact =")]
    public async Task Lesson_ScenarioTwoCell_ShowsTheReferenceLine(string cell)
    {
        Assert.Equal(ReferenceScenarios.Throttling, await LessonRuns.SummaryLine(Lesson, cell));
    }

    [Fact]
    public async Task Lesson_FirstGuessAtFourSlots_GetsAHintAndTheGuessIsDrawn()
    {
        var text = await LessonRuns.Text(Lesson, "fourSlots.Check(slotsGuess)");
        Assert.Contains("✗", text);
        Assert.Contains("your guess 2.50 s", text);
        Assert.Contains("10 tasks · makespan 3.00 s · peak concurrency 4", text);
    }

    [Fact]
    public async Task Lesson_SlotSweep_ShowsTheCurveAndTheDiffLine()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("enough: 10 slots", run.Cell("var slotSweep =").Text);
        Assert.Contains("with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%", run.Cell("slotSweep.Compare(3, 4)").Text);
    }

    [Fact]
    public async Task Lesson_VirtualTimeCell_ShowsTheFourWaves()
    {
        var text = await LessonRuns.Text(Lesson, "var exact =");
        Assert.Contains("job 2: waited 0.00 s, in progress from 0.00 s", text);
        Assert.Contains("job 5: waited 1.00 s, in progress from 1.00 s", text);
        Assert.Contains("job 8: waited 2.00 s, in progress from 2.00 s", text);
        Assert.Contains("job 9: waited 3.00 s, in progress from 3.00 s", text);
    }
}
