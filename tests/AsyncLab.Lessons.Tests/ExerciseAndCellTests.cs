namespace AsyncLab.Lessons.Tests;

/// <summary>
/// What every lesson promises, checked on each: all its cells and its solution's cells run without error, each
/// exercise's starter code gets a hint and the solution gets ✓. The lesson classes check what is particular to one.
/// </summary>
public sealed class ExerciseAndCellTests
{
    /// <summary>Each lesson with the number of exercises it has, and its solution.</summary>
    private static readonly (string Lesson, string Solution, int Exercises)[] Catalogue =
    [
        ("00-start-here.dib", "solutions/00-start-here-solution.dib", 2),
        ("01-fan-out-whenall.dib", "solutions/01-fan-out-whenall-solution.dib", 3),
        ("02-throttling-semaphore.dib", "solutions/02-throttling-semaphore-solution.dib", 3),
        ("03-producer-consumer-channels.dib", "solutions/03-producer-consumer-channels-solution.dib", 2),
        ("04-failures.dib", "solutions/04-failures-solution.dib", 3),
        ("05-cancellation-timeouts.dib", "solutions/05-cancellation-timeouts-solution.dib", 3),
        ("06-as-completed.dib", "solutions/06-as-completed-solution.dib", 3),
        ("07-rate-limits.dib", "solutions/07-rate-limits-solution.dib", 2),
        ("08-backpressure-pipelines.dib", "solutions/08-backpressure-pipelines-solution.dib", 2),
        ("09-capstone-crawler.dib", "solutions/09-capstone-crawler-solution.dib", 2),
        ("10-pitfalls-and-threads.dib", "solutions/10-pitfalls-and-threads-solution.dib", 2),
    ];

    public static TheoryData<string> Notebooks() => [.. Catalogue.SelectMany(c => new[] { c.Lesson, c.Solution })];

    public static TheoryData<string, string> Exercises() =>
        [.. Catalogue.SelectMany(c => Enumerable.Range(1, c.Exercises).Select(n => (c.Lesson, $"Exercise {n}")))];

    public static TheoryData<string, string> SolvedExercises() =>
        [.. Catalogue.SelectMany(c => Enumerable.Range(1, c.Exercises).Select(n => (c.Solution, $"Exercise {n}")))];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task EveryCell_RunsWithoutError(string notebook)
    {
        var run = await LessonRuns.Get(notebook);
        Assert.All(run.Cells, cell => Assert.True(cell.Error is null, $"cell {cell.Number} failed: {cell.Error}"));
    }

    [Theory]
    [MemberData(nameof(Exercises))]
    public async Task StarterCode_GetsHint(string lesson, string exercise)
    {
        var run = await LessonRuns.Get(lesson);
        Assert.StartsWith($"✗ {exercise} · hint: ", run.Verdict(exercise));
    }

    [Theory]
    [MemberData(nameof(SolvedExercises))]
    public async Task Solution_GetsTick(string solution, string exercise)
    {
        var run = await LessonRuns.Get(solution);
        Assert.Equal($"✓ {exercise}: all checks pass", run.Verdict(exercise));
    }

    [Fact]
    public void Catalogue_ListsEveryLessonInTheNotebooksFolder()
    {
        var lessons = Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks"), "*.dib").Select(Path.GetFileName).Order();
        Assert.Equal(lessons, Catalogue.Select(c => c.Lesson).Order());
    }
}
