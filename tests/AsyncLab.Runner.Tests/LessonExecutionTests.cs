namespace AsyncLab.Runner.Tests;

/// <summary>Every lesson runs on the pinned kernel, top to bottom and then again in the same kernel, without a cell error.</summary>
public sealed class LessonExecutionTests
{
    public static TheoryData<string> Lessons() => [.. Repo.Lessons()];

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task RunAsync_Lesson_EveryCellSucceeds(string lesson)
    {
        var run = await LessonRuns.Get(lesson);

        var failed = run.Cells.FirstOrDefault(c => c.IsProblem);
        Assert.True(failed is null, run.Describe());
        Assert.NotEmpty(run.CodeCells);
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task RunAsync_LessonRunTwiceInOneKernel_SecondRunSucceeds(string lesson)
    {
        var run = await LessonRuns.Get(lesson);

        Assert.True(run.Cells.All(c => !c.IsProblem), "the first run failed: " + run.Describe());
        Assert.Equal(run.CodeCells.Count, run.SecondPass.Count);
        Assert.True(run.Succeeded, run.Describe());
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task RunAsync_Lesson_ShowsAtLeastOneTimeline(string lesson)
    {
        var run = await LessonRuns.Get(lesson);

        Assert.NotEmpty(LessonRuns.Summaries(run));
    }
}
