using System.Text.Json.Nodes;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/04-failures.dib and its solution, run on the kernel (every lab of the lesson is virtual-time): what
/// <c>await Task.WhenAll</c> throws, collect-all and fail-fast, a slot leaked by a failure, an unobserved exception and the
/// Chrome trace export, each checked against the figures worked out from the code. The summary lines are checked by
/// <see cref="GoldenSummaryTests"/> against Golden/04-failures.txt.
/// </summary>
public sealed class FailuresLessonTests
{
    private const string Lesson = "04-failures.dib";
    private const string Solution = "solutions/04-failures-solution.dib";

    [Fact]
    public async Task Lesson_WhenAllWithTwoFailures_ThrowsTheFirstInArgumentOrderOnceEveryTaskEnded()
    {
        // Fetch 3 fails at 0.3 s, fetch 1 at 0.8 s; fetch 1 comes first in the list, and the last fetch ends at 1.0 s.
        Assert.Contains("caught at 1.00 s: fetch 1: 503 Service Unavailable", await LessonRuns.Text(Lesson, "var fail ="));
    }

    [Fact]
    public async Task Lesson_WhenAllTask_HoldsBothExceptionsInArgumentOrder()
    {
        var text = await LessonRuns.Text(Lesson, "allFetches.Status");
        Assert.Contains("allFetches.Status: Faulted", text);
        var first = text.IndexOf("HttpRequestException: fetch 1: 503 Service Unavailable", StringComparison.Ordinal);
        var second = text.IndexOf("HttpRequestException: fetch 3: connection reset", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, text);
    }

    [Fact]
    public async Task Lesson_Settle_CollectsEveryOutcomeInArgumentOrder()
    {
        string[] expected =
        [
            "0: page 0", "1: failed, fetch 1: 503 Service Unavailable", "2: page 2", "3: failed, fetch 3: connection reset", "4: page 4",
        ];
        var lines = (await LessonRuns.Text(Lesson, "var settled =")).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Where(l => expected.Contains(l)).ToArray());
    }

    [Fact]
    public async Task Lesson_FailFast_GivesUpAtTheFirstFailureInTime()
    {
        Assert.Contains("gave up at 0.30 s: fetch 3: connection reset", await LessonRuns.Text(Lesson, "var failFast ="));
    }

    [Fact]
    public async Task Lesson_SkippedRelease_StopsAsStuckAndNamesTheWaitingJobs()
    {
        var text = await LessonRuns.Text(Lesson, "var leak =");
        Assert.Contains("The run is stuck at 3 s of virtual time", text);
        Assert.Contains("'job 4' (waiting for gate (2 slots)), 'job 5' (waiting for gate (2 slots))", text);
        Assert.Contains("Release in a finally block", text);
        Assert.Contains("free slots: 0 of 2", text);
        Assert.Contains("job 0: 0.00–1.00 s, faulted, in progress 1.00 s, waiting 0.00 s (job 0: disk full)", text);
        Assert.Contains("job 3: 0.00–3.00 s, faulted, in progress 1.00 s, waiting 2.00 s (job 3: disk full)", text);
        Assert.Contains("job 5: 0.00–3.00 s, unfinished, in progress 0.00 s, waiting 3.00 s", text);
    }

    [Fact]
    public async Task Lesson_ReleaseInFinally_GivesBothSlotsBack()
    {
        Assert.Contains("free slots after the run: 2 of 2", await LessonRuns.Text(Lesson, "var safe ="));
    }

    [Fact]
    public async Task Lesson_UnobservedException_ReportedOnceOnlyAfterTheTaskIsCollected_InBothPasses()
    {
        var run = await LessonRuns.Get(Lesson);
        Assert.Contains("the upload has failed: True", run.Cell("var forgetLab =").Text);
        foreach (var cell in new[] { run.Cell("UnobservedTaskException +="), run.SecondRun("UnobservedTaskException +=") })
        {
            Assert.Contains("reported while `upload` still refers to the task: 0", cell.Text);
            // Exactly one report: a second pass in the same kernel must not have added a second handler.
            Assert.Contains("reported once it was collected: upload log: disk full\n", cell.Text + "\n");
        }
    }

    [Fact]
    public async Task Lesson_ChromeTrace_WritesTheFailuresAndTheCaughtMarkIntoTheNotebookFolder()
    {
        var text = await LessonRuns.Text(Lesson, "ToChromeTrace()");
        Assert.Contains("wrote 04-failures.trace.json", text);
        Assert.Contains("at 0.80 s: fetch 1 faulted: fetch 1: 503 Service Unavailable", text);
        Assert.Contains("at 0.30 s: fetch 3 faulted: fetch 3: connection reset", text);

        // The kernel runs in the notebook's folder, as VS Code does; the file is what a learner opens in Perfetto.
        var trace = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Notebook("04-failures.trace.json"), TestContext.Current.CancellationToken))!;
        var events = trace["traceEvents"]!.AsArray();
        var caught = Assert.Single(events, e => (string?)e!["name"] == "caught");
        Assert.Equal(1_000_000, (double)caught!["ts"]!);
    }
}
