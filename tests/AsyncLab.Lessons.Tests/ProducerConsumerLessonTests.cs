using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/03-producer-consumer-channels.dib (scenario 3) and its solution, run on the kernel with every lab in
/// virtual time: every summary line is compared exactly with Golden/03-producer-consumer-channels.txt, in both passes.
/// </summary>
public sealed class ProducerConsumerLessonTests
{
    private const string Lesson = "03-producer-consumer-channels.dib";
    private const string Solution = "solutions/03-producer-consumer-channels-solution.dib";

    [Theory]
    [InlineData("var one =")]
    [InlineData("var exact =")]
    public async Task Lesson_ScenarioThreeCell_ShowsTheReferenceLine(string cell)
    {
        Assert.Equal(ReferenceScenarios.ProducerConsumer, await LessonRuns.SummaryLine(Lesson, cell));
    }

    [Fact]
    public async Task Lesson_CompletedChannel_EndsTheReadLoop()
    {
        var text = await LessonRuns.Text(Lesson, "var words =");
        Assert.Contains("can we still write after Complete? False", text);
        var apple = text.IndexOf("read apple", StringComparison.Ordinal);
        var pear = text.IndexOf("read pear", StringComparison.Ordinal);
        var ended = text.IndexOf("the loop ended by itself", StringComparison.Ordinal);
        Assert.True(apple >= 0 && apple < pear && pear < ended, "expected: read apple, read pear, then the loop ended:\n" + text);
    }

    [Fact]
    public async Task Lesson_QueueDepthCell_PeaksAtTwo()
    {
        // scenarios.md: peak depth 2 in virtual time (3 only in real time, when a put wins the race at 2.5 s). The depth
        // is the watched channel's own count: 1.0 s and 2.0 s add an item, 3.5 s and 4.5 s take one; at 0.5, 1.5 and
        // 2.5 s the count ends each instant where it began, so no point appears there.
        var text = await LessonRuns.Text(Lesson, "var oneQueue =");
        var points = Regex.Matches(text, @"^(\d\.\d\d) s   depth (\d)\s*$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value}:{m.Groups[2].Value}");
        Assert.Equal(["0.00:0", "1.00:1", "2.00:2", "3.50:1", "4.50:0"], points);
        Assert.Contains("peak depth: 2", text);
    }

    [Fact]
    public async Task Lesson_ConsumerSweep_SaysTwoAreEnough()
    {
        // One consumer: 0.5 + 5 x 1 = 5.5 s. Two or more: every item is handled as soon as it is ready, so the last one,
        // ready at 2.5 s, ends at 3.5 s.
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("enough: 2 consumers (makespan 3.50 s, within 5% of the best)", run.Cell("var consumerSweep =").Text);
        var compared = run.Cell("consumerSweep.Compare(1, 2)").Text;
        Assert.Contains("with 1 consumer: 5.50 s · with 2 consumers: 3.50 s, −36%", compared);
        Assert.Contains("with 2 consumers: 3.50 s · with 3 consumers: 3.50 s, ±0%", compared);
    }

    [Fact]
    public async Task Lesson_BoundedChannel_MakesTheProducerWait()
    {
        // Room for one item: writing item 3 at 2.0 s waits for the consumer to take item 2 at 2.5 s, and writing item 4
        // at 3.0 s waits for it to take item 3 at 3.5 s, as the lesson's prose says. The depth is the bounded channel's
        // own count, so it never exceeds 1; one writer (the producer) is ever held at once.
        var text = await LessonRuns.Text(Lesson, "var bounded =");
        Assert.Contains("producer waited for room: 2.0 s to 2.5 s, 3.0 s to 3.5 s\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("producer done at 3.5 s, peak depth 1", text);
        Assert.Contains("writers held by the full channel at once, at most: 1", text);
    }

    [Fact]
    public async Task Lesson_VirtualTimeCell_ReproducesTheQueueDepthTable()
    {
        var run = await LessonRuns.Get(Lesson);
        var cell = run.Cell("var exact =");
        // scenarios.md's depth table, as the changes of the channel's count: 0.5 s (item 0 taken in the instant it is
        // written) and 1.5 s and 2.5 s (a take and a put in one instant) leave it where it was, so they have no row.
        var rows = Regex.Matches(cell.Text, @"^\s*(\d\.\d) \| (\d)\s*$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value}:{m.Groups[2].Value}");
        Assert.Equal(["0.0:0", "1.0:1", "2.0:2", "3.5:1", "4.5:0"], rows);
        Assert.Contains("peak depth 2, consumer done at 5.50 s", cell.Text);
    }
}
