namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/08-backpressure-pipelines.dib and its solution, run on the kernel with every lab in virtual time: the
/// figures the prose quotes (which items each full mode keeps, the bottleneck stage, the flat sweep, Little's law) are
/// the ones the cells print.
/// </summary>
public sealed class BackpressureLessonTests
{
    private const string Lesson = "08-backpressure-pipelines.dib";
    private const string Solution = "solutions/08-backpressure-pipelines-solution.dib";

    // Readings ready at 0.3, 0.6, ..., 1.8 s, room for two, 1 s per reading: reading 0 is taken at once, 1 and 2 fill
    // the channel, so the writes at 1.2 s (reading 3) and 1.8 s (reading 5) find it full.
    [Theory]
    [InlineData("var waitRun =", "handled: 0, 1, 2, 3, 4, 5", "lost: none, dropped at: -",
        "producer waited 1.5 s in all and was done at 3.3 s; the consumer at 6.3 s")]
    [InlineData("var dropWriteRun =", "handled: 0, 1, 2, 4", "lost: 3, 5, dropped at: 1.2 s, 1.8 s",
        "producer waited 0.0 s in all and was done at 1.8 s; the consumer at 4.3 s")]
    [InlineData("var dropNewestRun =", "handled: 0, 1, 3, 5", "lost: 2, 4, dropped at: 1.2 s, 1.8 s",
        "producer waited 0.0 s in all and was done at 1.8 s; the consumer at 4.3 s")]
    [InlineData("var dropOldestRun =", "handled: 0, 2, 4, 5", "lost: 1, 3, dropped at: 1.2 s, 1.8 s",
        "producer waited 0.0 s in all and was done at 1.8 s; the consumer at 4.3 s")]
    public async Task Lesson_FullMode_KeepsTheItemsTheProseNames(string cell, string handled, string lost, string timing)
    {
        var lines = NotebookRun.Lines(await LessonRuns.Text(Lesson, cell));
        Assert.Contains(handled, lines);
        Assert.Contains(lost, lines);
        Assert.Contains(timing, lines);
    }

    [Fact]
    public async Task Lesson_BusyShares_NameParseAsTheBottleneck()
    {
        // 7.25 s run: parse 12 x 0.5 = 6 s of 7.25 (83%); download 12 x 1 = 12 s of 4 x 7.25 (41%); store 3 s (41%).
        var lines = NotebookRun.Lines(await LessonRuns.Text(Lesson, "var stageWorkers ="));
        Assert.Contains("download  4 workers  busy 41% of the run", lines);
        Assert.Contains("parse     1 worker   busy 83% of the run", lines);
        Assert.Contains("store     1 worker   busy 41% of the run", lines);
        Assert.Contains(lines, line => line.StartsWith("to parse (channel, capacity 2): peak 2 items,", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("to store (channel, capacity 2): peak 0 items,", StringComparison.Ordinal) &&
            line.EndsWith("peak 0 writers blocked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lesson_ParserSweep_FlattensFromTwoParsers()
    {
        // One parser: parsing 1.0-7.0 s, stored by 7.25 s. Two or more: downloads end at 3.0 s, the last four pages are
        // parsed by 4.0 s and stored by 4.5 s.
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("enough: 2 parsers (makespan 4.50 s, within 5% of the best)", run.Cell("var parserSweep =").Text);
        var lines = NotebookRun.Lines(run.Cell("parserSweep.Points").Text);
        Assert.Equal(
            ["1 parser    makespan 7.25 s  1.66 pages/s", "2 parsers   makespan 4.50 s  2.67 pages/s",
             "3 parsers   makespan 4.50 s  2.67 pages/s", "4 parsers   makespan 4.50 s  2.67 pages/s"],
            lines);
    }

    [Fact]
    public async Task Lesson_LittlesLaw_HoldsExactlyInTicks()
    {
        var lines = NotebookRun.Lines(await LessonRuns.Text(Lesson, "var pieces ="));
        Assert.Contains("T = 7.25 s, N = 12 pages, empty at the end: True", lines);
        var exact = Assert.Single(lines, line => line.StartsWith("L·T = ", StringComparison.Ordinal));
        Assert.EndsWith("equal: True", exact);
    }
}
