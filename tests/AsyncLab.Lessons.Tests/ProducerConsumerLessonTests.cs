using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>notebooks/03-producer-consumer-channels.dib (scenario 3) and its solution, run once each on the kernel.</summary>
public sealed class ProducerConsumerLessonTests
{
    private const string Lesson = "03-producer-consumer-channels.dib";
    private const string Solution = "solutions/03-producer-consumer-channels-solution.dib";

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
    [InlineData("var one =", 2, 2)]
    [InlineData("var two =", 3, 3)]
    [InlineData("var bounded =", 2, 2)]
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
    public async Task Lesson_ThreeConsumers_NoFasterThanTwo()
    {
        var run = await LessonRuns.Get(Lesson);
        var summary = Assert.Single(NotebookRun.Summaries(run.Cell("var three =")));
        Assert.Equal(4, summary.Tasks);
        // Producer plus two consumers are in progress at once. In real time an idle consumer can take a new item a few
        // microseconds before a busy one ends its item, which the lab honestly counts as 4 for that instant.
        Assert.InRange(summary.Peak, 3, 4);
        Assert.InRange(summary.Makespan, 3.5, 3.5 * 1.05);
    }

    [Fact]
    public async Task Lesson_CompletedChannel_EndsTheReadLoop()
    {
        var run = await LessonRuns.Get(Lesson);
        var text = run.Cell("var words =").Text;
        Assert.Contains("can we still write after Complete? False", text);
        var apple = text.IndexOf("read apple", StringComparison.Ordinal);
        var pear = text.IndexOf("read pear", StringComparison.Ordinal);
        var ended = text.IndexOf("the loop ended by itself", StringComparison.Ordinal);
        Assert.True(apple >= 0 && apple < pear && pear < ended, "expected: read apple, read pear, then the loop ended:\n" + text);
    }

    [Fact]
    public async Task Lesson_QueueDepthCell_PeaksAtTwoOrThreeInRealTime()
    {
        var run = await LessonRuns.Get(Lesson);
        var peak = Regex.Match(run.Cell("var oneQueue =").Text, @"peak depth: (\d)");
        Assert.True(peak.Success, "no peak depth printed");
        Assert.InRange(int.Parse(peak.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2, 3);
    }

    [Fact]
    public async Task Lesson_BoundedChannel_MakesTheProducerWait()
    {
        var run = await LessonRuns.Get(Lesson);
        var text = run.Cell("var bounded =").Text;
        Assert.Contains("producer waited for room: 2.0 s to 2.5 s", text);
        Assert.Contains("producer done at 3.5 s", text);
    }

    [Fact]
    public async Task Lesson_VirtualTimeCell_ReproducesTheQueueDepthTable()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var exact =");
        var summary = Assert.Single(NotebookRun.Summaries(cell));
        Assert.Equal("2 tasks · makespan 5.50 s · peak concurrency 2 · ideal 5.50 s", summary.Line);
        var rows = Regex.Matches(cell.Text, @"^\s*(\d\.\d) \| [^|]+\| (\d)\s*$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value}:{m.Groups[2].Value}");
        Assert.Equal(["0.5:0", "1.0:1", "1.5:1", "2.0:2", "2.5:2", "3.5:1", "4.5:0"], rows);
        Assert.Contains("peak depth 2, consumer done at 5.50 s", cell.Text);
    }

    [Fact]
    public async Task Lesson_WholeRun_TakesUnderThirtySeconds()
    {
        var run = await LessonRuns.Get(Lesson);
        var time = run.LessonTime ?? run.Elapsed;
        Assert.True(time < TimeSpan.FromSeconds(30), $"the cells after setup took {time.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("var one =")]
    [InlineData("var two =")]
    [InlineData("var bounded =")]
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
