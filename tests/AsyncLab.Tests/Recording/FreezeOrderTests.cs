using Microsoft.Extensions.Time.Testing;

namespace AsyncLab.Tests.Recording;

/// <summary>
/// The order Freeze lists things in, when the log was written from many threads and the ids no longer follow the
/// clock: tasks by start (ties in the order tracked), and tasks that share a name each get a lane of their own.
/// </summary>
public sealed class FreezeOrderTests
{
    [Fact]
    public async Task Freeze_TasksTrackedFromManyThreads_ListedByStartThenTrackOrder()
    {
        const int Writers = 8;
        const int TasksPerWriter = 2_000;
        var clock = new FakeTimeProvider();
        var lab = new Lab(time: clock);
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            for (var i = 0; i < TasksPerWriter; i++)
            {
                using var job = lab.Track("job");
                using (job.Begin())
                {
                }
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var ticking = Task.Run(() =>
        {
            while (!writers.All(w => w.IsCompleted))
            {
                clock.Advance(TimeSpan.FromTicks(1));
            }
        }, TestContext.Current.CancellationToken);
        start.Set();
        await Task.WhenAll(writers);
        await ticking;

        var tasks = lab.Freeze().Tasks;

        Assert.Equal(Writers * TasksPerWriter, tasks.Count);
        Assert.Equal(Enumerable.Range(0, tasks.Count), tasks.Select(t => t.Id).Order());
        for (var t = 1; t < tasks.Count; t++)
        {
            Assert.True(tasks[t - 1].Start < tasks[t].Start || (tasks[t - 1].Start == tasks[t].Start && tasks[t - 1].Id < tasks[t].Id),
                $"task {tasks[t - 1].Id} is listed before task {tasks[t].Id}");
        }
        Assert.Equal(tasks.Count, tasks.Select(t => t.Lane).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("job", tasks[0].Lane);
    }
}
