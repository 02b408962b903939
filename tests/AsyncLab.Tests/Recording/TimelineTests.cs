using Microsoft.Extensions.Time.Testing;

namespace AsyncLab.Tests.Recording;

public sealed class TimelineTests
{
    [Fact]
    public void Concurrency_SlotHandedOverAtTheSameInstant_IsNotCountedTwice()
    {
        var clock = new FakeTimeProvider();
        var lab = new Lab(time: clock);
        var first = lab.Track("first");
        var second = lab.Track("second");
        var work = first.Begin();
        clock.Advance(TimeSpan.FromSeconds(1));
        work.Dispose();
        using (second.Begin())
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        first.Complete();
        second.Complete();

        var timeline = lab.Freeze();
        Assert.Equal(1, timeline.PeakConcurrency);
        Assert.Equal([new StepPoint(TimeSpan.Zero, 1), new StepPoint(TimeSpan.FromSeconds(2), 0)], timeline.Concurrency);
    }

    [Fact]
    public void Summary_NumbersUseTheInvariantCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var clock = new FakeTimeProvider();
            var lab = new Lab(time: clock);
            using (var job = lab.Track("one"))
            using (job.Begin())
            {
                clock.Advance(TimeSpan.FromSeconds(1.5));
            }
            Assert.Equal("1 task · makespan 1.50 s · peak concurrency 1 · ideal 2.00 s", lab.Freeze(TimeSpan.FromSeconds(2)).Summary);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Empty_HasZeroesAndAPlainSummary() =>
        Assert.Equal("0 tasks · makespan 0.00 s · peak concurrency 0", Timeline.Empty.Summary);

    [Fact]
    public void WithIdealAndWithTitle_ReturnNewTimelinesAndLeaveTheOriginalAlone()
    {
        var lab = new Lab(virtualTime: true);
        var original = lab.Freeze();

        var changed = original.WithIdeal(TimeSpan.FromSeconds(3)).WithTitle("demo");

        Assert.Null(original.Ideal);
        Assert.Equal("demo", changed.Title);
        Assert.EndsWith("ideal 3.00 s", changed.Summary);
    }
}
