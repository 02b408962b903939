#pragma warning disable CS0618 // lab.Enqueued/Dequeued still work for a release; their concurrency is still tested.
using Microsoft.Extensions.Time.Testing;

namespace AsyncLab.Tests.Recording;

public sealed class RecorderStressTests
{
    [Fact]
    public async Task Record_SixteenWritersAtOnce_KeepsEveryEventAndOrderedSegments()
    {
        const int Writers = 16;
        const int TasksPerWriter = 6_250;   // 4 events a task: 100,000 events per writer
        var clock = new FakeTimeProvider();
        var lab = new Lab(time: clock);
        using var start = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            for (var i = 0; i < TasksPerWriter; i++)
            {
                using var job = lab.Track($"w{w} t{i}");
                using (job.Begin())
                {
                    lab.Enqueued();
                }
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        // The clock moves while they write, so timestamps interleave across writers.
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

        Assert.Equal(Writers * TasksPerWriter * 5, lab.EventCount);
        var timeline = lab.Freeze();
        Assert.Equal(Writers * TasksPerWriter, timeline.Tasks.Count);
        Assert.Equal(Writers * TasksPerWriter, timeline.Queue().Depth.Count);
        Assert.Equal(Writers * TasksPerWriter, timeline.Queue().Depth[^1].Value);
        foreach (var task in timeline.Tasks)
        {
            Assert.Equal(TaskOutcome.Completed, task.Outcome);
            Assert.Contains(task.Segments, s => s.Kind == SegmentKind.InProgress);
            for (var s = 0; s < task.Segments.Count; s++)
            {
                Assert.True(task.Segments[s].Start <= task.Segments[s].End);
                if (s > 0)
                {
                    Assert.True(task.Segments[s - 1].End <= task.Segments[s].Start, $"{task.Name}: segments overlap");
                }
            }
        }
        Assert.Equal(Writers * TasksPerWriter, timeline.Tasks.Select(t => t.Name).Distinct().Count());
    }
}
