#pragma warning disable CS0618 // Fail still works for a release; these tests keep it honest until it goes.
using Microsoft.Extensions.Time.Testing;

namespace AsyncLab.Tests.Recording;

public sealed class TrackedTaskTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Lab _lab;

    public TrackedTaskTests() => _lab = new Lab(time: _clock);

    private void Wait(double seconds) => _clock.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Begin_AfterWaiting_RecordsAWaitingThenAnInProgressSegment()
    {
        using (var job = _lab.Track("fetch 0"))
        {
            Wait(0.25);
            using (job.Begin())
            {
                Wait(1);
            }
        }

        var task = Assert.Single(_lab.Freeze().Tasks);
        Assert.Equal(
            [new Segment(SegmentKind.Waiting, TimeSpan.Zero, TimeSpan.FromSeconds(0.25)),
             new Segment(SegmentKind.InProgress, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(1.25))],
            task.Segments);
        Assert.Equal(TaskOutcome.Completed, task.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(0.25), task.Waiting);
    }

    [Fact]
    public void Fail_InsideAnExceptionFilter_EndsTheOpenSegmentAndLetsTheExceptionFly()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            using var job = _lab.Track("flaky");
            try
            {
                using (job.Begin())
                {
                    Wait(0.5);
                    throw new InvalidOperationException("disk full");
                }
            }
            catch (Exception ex) when (job.Fail(ex))
            {
            }
        });

        var timeline = _lab.Freeze();
        var task = Assert.Single(timeline.Tasks);
        Assert.Equal("disk full", thrown.Message);
        Assert.Equal(TaskOutcome.Faulted, task.Outcome);
        Assert.Equal("disk full", task.Error);
        Assert.Equal(TimeSpan.FromSeconds(0.5), task.InProgress);
        Assert.Equal("1 task · makespan 0.50 s · peak concurrency 1 · 1 faulted", timeline.Summary);
    }

    [Fact]
    public void Fail_WithOperationCanceled_CountsAsCanceledInTheSummary()
    {
        var job = _lab.Track("slow");
        Wait(2);
        job.Fail(new OperationCanceledException("timed out"));

        var timeline = _lab.Freeze(ideal: TimeSpan.FromSeconds(1));
        Assert.Equal(TaskOutcome.Canceled, timeline.Tasks[0].Outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), timeline.Tasks[0].Waiting);
        Assert.Equal("1 task · makespan 2.00 s · peak concurrency 0 · ideal 1.00 s · 1 canceled", timeline.Summary);
    }

    [Fact]
    public void Complete_Twice_ThrowsAndSaysToEndOnce()
    {
        var job = _lab.Track("twice");
        job.Complete();

        var error = Assert.Throws<InvalidOperationException>(job.Complete);
        Assert.Contains("'twice' has already ended", error.Message);
        job.Dispose();
    }

    [Fact]
    public void Begin_OnAnEndedTask_ThrowsAndSaysToTrackANewOne()
    {
        var job = _lab.Track("done");
        job.Complete();

        var error = Assert.Throws<InvalidOperationException>(() => job.Begin());
        Assert.Contains("lab.Track", error.Message);
    }

    [Fact]
    public void Begin_WhileInProgress_ThrowsAndSaysToEndTheSegmentFirst()
    {
        var job = _lab.Track("busy");
        using var first = job.Begin();

        var error = Assert.Throws<InvalidOperationException>(() => job.Begin());
        Assert.Contains("already in progress", error.Message);
    }

    [Fact]
    public void Track_AfterFreeze_GoesIntoANewRecording()
    {
        using (_lab.Track("first")) { }
        var first = _lab.Freeze();
        using (_lab.Track("second")) { }

        Assert.Equal("first", Assert.Single(first.Tasks).Name);
        Assert.Equal("second", Assert.Single(_lab.Freeze().Tasks).Name);
    }

    [Fact]
    public void Begin_OnATaskWhoseTimelineIsFrozen_ThrowsAndSaysToStartANewRun()
    {
        var job = _lab.Track("late");
        _lab.Freeze();

        var error = Assert.Throws<InvalidOperationException>(() => job.Begin());
        Assert.Contains("already frozen", error.Message);
        Assert.Contains("lab.Run", error.Message);
    }

    [Fact]
    public void Freeze_TaskNeverEnded_IsUnfinishedUpToTheLastEvent()
    {
        var job = _lab.Track("forgotten");
        Wait(1);
        job.Begin();
        Wait(1);
        _lab.Mark("end of story");

        var task = Assert.Single(_lab.Freeze().Tasks);
        Assert.Equal(TaskOutcome.Unfinished, task.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), task.End);
    }

    [Fact]
    public void Freeze_TasksWithTheSameNameAndNoLane_GetRowsOfTheirOwn()
    {
        using (_lab.Track("worker")) { }
        using (_lab.Track("worker")) { }
        using (_lab.Track("shared", lane: "pool")) { }
        using (_lab.Track("shared", lane: "pool")) { }

        Assert.Equal(["worker", "worker (2)", "pool", "pool"], _lab.Freeze().Tasks.Select(t => t.Lane));
    }

    [Fact]
    public void Freeze_NumberedNameTakenByALane_SkipsToTheNextFreeNumber()
    {
        using (_lab.Track("fetch")) { }
        using (_lab.Track("other", lane: "fetch (2)")) { }
        using (_lab.Track("fetch")) { }
        using (_lab.Track("fetch")) { }
        using (_lab.Track("solo", lane: "x")) { }
        using (_lab.Track("x")) { }
        using (_lab.Track("fetch")) { }

        Assert.Equal(["fetch", "fetch (2)", "fetch (3)", "fetch (4)", "x", "x (2)", "fetch (5)"], _lab.Freeze().Tasks.Select(t => t.Lane));
    }

    [Fact]
    public async Task Freeze_WaitAfterTheLastWorkBeforeTheEnd_CountsAsWaiting()
    {
        var lab = new Lab(virtualTime: true);
        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("producer");
            using (job.Begin())
            {
                await lab.Delay(1, TestContext.Current.CancellationToken);
            }
            await lab.Delay(1, TestContext.Current.CancellationToken);   // held back, say by a full bounded channel
        });

        var task = Assert.Single(timeline.Tasks);
        Assert.Equal(new Segment(SegmentKind.Waiting, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), task.Segments[^1]);
        Assert.Equal(TimeSpan.FromSeconds(1), task.Waiting);
    }
}
