namespace AsyncLab.Lessons.Tests;

/// <summary>
/// Every lesson and solution, run with every lab in virtual time, shows exactly the summary lines of its golden file
/// (Golden/*.txt); lessons show them again when run a second time in the same kernel.
/// </summary>
public sealed class GoldenSummaryTests
{
    public static TheoryData<string> Lessons() =>
    [
        "00-start-here.dib",
        "01-fan-out-whenall.dib",
        "02-throttling-semaphore.dib",
        "03-producer-consumer-channels.dib",
        "04-failures.dib",
        "05-cancellation-timeouts.dib",
        "06-as-completed.dib",
        "07-rate-limits.dib",
        "08-backpressure-pipelines.dib",
        "09-capstone-crawler.dib",
        "10-pitfalls-and-threads.dib",
    ];

    public static TheoryData<string> Solutions() =>
    [
        "solutions/00-start-here-solution.dib",
        "solutions/01-fan-out-whenall-solution.dib",
        "solutions/02-throttling-semaphore-solution.dib",
        "solutions/03-producer-consumer-channels-solution.dib",
        "solutions/04-failures-solution.dib",
        "solutions/05-cancellation-timeouts-solution.dib",
        "solutions/06-as-completed-solution.dib",
        "solutions/07-rate-limits-solution.dib",
        "solutions/08-backpressure-pipelines-solution.dib",
        "solutions/09-capstone-crawler-solution.dib",
        "solutions/10-pitfalls-and-threads-solution.dib",
    ];

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Lesson_VirtualTime_ShowsTheGoldenSummaries(string lesson)
    {
        var run = await LessonRuns.Get(lesson);
        Golden.AssertShown(lesson, run.Cells, run.Log);
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task Lesson_RunAgainInSameKernel_ShowsTheGoldenSummariesAgain(string lesson)
    {
        var run = await LessonRuns.Get(lesson);
        Assert.True(run.SecondPass.Count > 0, "the lesson did not run a second time: " + run.Log);
        Golden.AssertShown(lesson, run.SecondPass, run.Log);
    }

    [Theory]
    [MemberData(nameof(Solutions))]
    public async Task Solution_VirtualTime_ShowsTheGoldenSummaries(string solution)
    {
        var run = await LessonRuns.Get(solution);
        Golden.AssertShown(solution, run.Cells, run.Log);
    }
}
