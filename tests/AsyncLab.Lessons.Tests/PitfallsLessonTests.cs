using System.Globalization;
using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/10-pitfalls-and-threads.dib and its solution, run on the kernel. The virtual-time cells are checked exactly;
/// the three thread cells run in real time on purpose, so they are checked only for what holds on any machine under any
/// load: counts of threads and calls, and lower bounds that the code guarantees (a thread spun for 0.1 s four times in a
/// row took at least 0.4 s), never how fast anything was.
/// </summary>
public sealed partial class PitfallsLessonTests
{
    private const string Lesson = "10-pitfalls-and-threads.dib";
    private const string Solution = "solutions/10-pitfalls-and-threads-solution.dib";

    [Fact]
    public async Task Lesson_BlockingBeforeTheFirstAwait_HoldsOneThreadFourTimes_AwaitingHoldsNone()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("4 blocked calls, on 1 thread(s)", run.Cell("var serialized =").Text);
        Assert.Contains("0 blocked calls, on 0 thread(s)", run.Cell("var awaitingLab =").Text);
    }

    [Fact]
    public async Task Lesson_StarvedPool_ReportsBlockedThreadsAndSamples_AwaitingHandlersBlockNone()
    {
        var run = await LessonRuns.Get(Lesson);
        foreach (var cell in new[] { run.Cell("PoolReport(starved, starvedSamples)"), run.SecondRun("PoolReport(starved, starvedSamples)") })
        {
            var starved = PoolReport().Match(cell.Text);
            Assert.True(starved.Success, cell.Text);
            // Every blocked call holds its own thread while it blocks, so at least one pool thread is seen blocked; the
            // sampler takes its first sample before the run starts, whatever the load.
            Assert.True(Number(starved, "blocked") >= 1, cell.Text);
            Assert.True(Number(starved, "samples") >= 1, cell.Text);
        }
        var free = PoolReport().Match(run.Cell("var freeLab =").Text);
        Assert.True(free.Success, run.Cell("var freeLab =").Text);
        Assert.Equal(0, Number(free, "blocked"));
    }

    [Fact]
    public async Task Lesson_ComputingAndWaiting_LoopUsesOneThread_ParallelForAtMostFour_WaitsNone()
    {
        var text = await LessonRuns.Text(Lesson, "var cpuLab =");
        var loop = Part().Match(text[text.IndexOf("loop:", StringComparison.Ordinal)..]);
        var parallel = Part().Match(text[text.IndexOf("Parallel.For:", StringComparison.Ordinal)..]);
        var waits = Part().Match(text[text.IndexOf("four waits:", StringComparison.Ordinal)..]);
        Assert.True(loop.Success && parallel.Success && waits.Success, text);
        Assert.Equal(1, Number(loop, "threads"));
        Assert.InRange(Number(parallel, "threads"), 1, 4);
        Assert.Equal(0, Number(waits, "threads"));
        // Four chunks of at least 0.1 s each, one after the other on one thread.
        Assert.True(double.Parse(loop.Groups["seconds"].Value, CultureInfo.InvariantCulture) >= 0.4, text);
    }

    [Fact]
    public async Task Lesson_ForgottenAwait_HandlerEndsBeforeTheSave()
    {
        Assert.Contains("save finished when the handler did: False", await LessonRuns.Text(Lesson, "var forgotLab ="));
    }

    [Fact]
    public async Task Lesson_ForLoopVariable_ReadLateIsThree_ForeachGivesEachRoundItsOwn_InBothPasses()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("the jobs read: 3, 3, 3", run.Cell("var loopLab =").Text);
        Assert.Contains("the jobs read: 3, 3, 3", run.SecondRun("var loopLab =").Text);
        Assert.Contains("the jobs read: 0, 1, 2", run.Cell("var eachLab =").Text);
        Assert.Contains("the jobs read: 0, 1, 2", run.SecondRun("var eachLab =").Text);
    }

    [Fact]
    public async Task Lesson_Kernel_HasNoSynchronizationContext_AsTheProseSays()
    {
        Assert.Contains("SynchronizationContext in this cell: none", await LessonRuns.Text(Lesson, "SynchronizationContext.Current"));
    }

    [Fact]
    public async Task Exercise2_StarterReadsFiveFives_SolutionReadsEachOrderOnce()
    {
        var starter = await LessonRuns.Get(Lesson);
        Assert.Contains("handled: 5, 5, 5, 5, 5", starter.Cell("var orderLab =").Text);
        var solution = await LessonRuns.Get(Solution);
        var handled = Regex.Match(solution.Cell("var orderLab =").Text, @"handled: ([\d, ]+)").Groups[1].Value;
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, handled.Split(", ").Select(int.Parse).Order().ToArray());
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<blocked>\d+) pool threads were blocked while up to \d+ work items? waited; the pool grew from \d+ to \d+ threads \((?<samples>\d+) samples\)\. The ping got a thread after \d+\.\d\d s\.")]
    private static partial Regex PoolReport();

    [GeneratedRegex(@"^[^:]+: (?<seconds>\d+\.\d\d) s, computing on (?<threads>\d+) thread\(s\)")]
    private static partial Regex Part();
}
