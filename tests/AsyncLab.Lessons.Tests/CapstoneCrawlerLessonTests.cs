using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// notebooks/09-capstone-crawler.dib and its solution, run on the kernel against a real page server (limit 10). The
/// lesson runs on the real clock, so these tests check counts that hold on any machine, however loaded: how many pages
/// arrived, how many requests the server refused, how many were in flight at most. The one bound on time, the makespan
/// of exercise 1, is the self-check's (and the shared exercise tests check its ✓).
/// </summary>
public sealed partial class CapstoneCrawlerLessonTests
{
    private const string Lesson = "09-capstone-crawler.dib";
    private const string Solution = "solutions/09-capstone-crawler-solution.dib";

    [Fact]
    public async Task Lesson_OnePage_IsServedOnceWithNothingRefused()
    {
        var lines = NotebookRun.Lines(await LessonRuns.Text(Lesson, "var onePage ="));
        Assert.Contains("OK", lines);
        Assert.Contains("server (stopped, limit 10): 1 served, 0 failed (500), 0 refused (429), peak 1 in flight", lines);
    }

    [Fact]
    public async Task Lesson_AllAtOnce_TheServerServesItsLimitAtMostAndRefusesTheRest()
    {
        var server = Server(await LessonRuns.Text(Lesson, "var burst ="));
        Assert.Equal(100, server.Served + server.Refused);
        Assert.Equal(0, server.Failed);
        Assert.True(server.Refused > 0, "the burst was not refused at all");
        Assert.Equal(10, server.Peak);
    }

    [Fact]
    public async Task Lesson_TimidCrawler_GetsEveryPageWithNoRefusalFiveAtATime()
    {
        var text = await LessonRuns.Text(Lesson, "var crawl =");
        Assert.Contains("100 × 200", NotebookRun.Lines(text));
        Assert.Equal((100, 0, 0, 5), Server(text));
    }

    [Fact]
    public async Task Lesson_Polly_RetriesEveryFailureUntilAllHundredPagesArrive()
    {
        var text = await LessonRuns.Text(Lesson, "var polite =");
        Assert.Contains("100 × 200", NotebookRun.Lines(text));
        var server = Server(text);
        // Seed 9 fails some pages' first tries with 500; each was retried, so the server saw more than 100 requests.
        Assert.True(server.Failed > 0, "no page failed: the failure rate did nothing");
        Assert.True(server.Peak <= 10);
        Assert.Matches(@"^\d+ retries: ", NotebookRun.Lines(text).Single(line => line.Contains(" retries: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lesson_ExerciseTwoStarter_RetriesSoonerThanRetryAfter()
    {
        var lines = NotebookRun.Lines(await LessonRuns.Text(Lesson, "var honour ="));
        Assert.StartsWith("20 × 200 · server (stopped, limit 10): 20 served", lines[0]);
        Assert.StartsWith("waits before retries: 0.05 s", lines[1]);
    }

    [Fact]
    public async Task Solution_Crawler_GetsEveryPageWithNoRefusalTenAtATime()
    {
        var text = await LessonRuns.Text(Solution, "var crawl =");
        Assert.Contains("100 × 200", NotebookRun.Lines(text));
        Assert.Equal((100, 0, 0, 10), Server(text));
    }

    [Fact]
    public async Task Solution_ExerciseTwo_WaitsTheRetryAfterBeforeEveryRetry()
    {
        var lines = NotebookRun.Lines(await LessonRuns.Text(Solution, "var honour ="));
        Assert.StartsWith("20 × 200 · server (stopped, limit 10): 20 served, 0 failed (500)", lines[0]);
        var waits = lines[1]["waits before retries: ".Length..].Split(", ");
        Assert.NotEmpty(waits);
        Assert.All(waits, wait => Assert.Equal("1.00 s", wait));
    }

    /// <summary>The counts of the server line a cell printed: served, failed, refused, peak in flight.</summary>
    private static (int Served, int Failed, int Refused, int Peak) Server(string text)
    {
        var match = ServerLine().Match(text);
        Assert.True(match.Success, $"no server line in: {text}");
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value), int.Parse(match.Groups[4].Value));
    }

    [GeneratedRegex(@"server \(stopped, limit 10\): (\d+) served, (\d+) failed \(500\), (\d+) refused \(429\), peak (\d+) in flight")]
    private static partial Regex ServerLine();
}
