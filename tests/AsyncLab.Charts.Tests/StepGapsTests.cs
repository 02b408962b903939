namespace AsyncLab.Charts.Tests;

public sealed class StepGapsTests
{
    private static StepPoint At(double ms, int value) => new(TimeSpan.FromMilliseconds(ms), value);

    [Fact]
    public void Close_HandOverFewMicrosecondsApart_DrawsTheLineContinuous()
    {
        StepPoint[] points = [At(0, 0), At(10, 1), At(1000, 0), At(1000.004, 1), At(2000, 0)];

        var closed = StepGaps.Close(points);

        Assert.Equal([At(0, 0), At(10, 1), At(2000, 0)], closed);
    }

    [Fact]
    public void Close_DipLongerThanTheThreshold_Kept()
    {
        StepPoint[] points = [At(0, 0), At(10, 2), At(1000, 1), At(1002, 2), At(2000, 0)];

        Assert.Equal(points, StepGaps.Close(points));
    }

    [Fact]
    public void Close_ShortDipToAValueBetween_GoesStraightToIt()
    {
        StepPoint[] points = [At(0, 0), At(10, 3), At(500, 0), At(500.01, 2), At(900, 0)];

        Assert.Equal([At(0, 0), At(10, 3), At(500.01, 2), At(900, 0)], StepGaps.Close(points));
    }

    [Fact]
    public async Task Tasks_RealTimeHandOvers_ConcurrencyLineHasNoSpikeButBarsKeepExactTimes()
    {
        var time = new ManualTime();
        var lab = new Lab(virtualTime: false, time: time);
        using (var first = lab.Track("first"))
        using (first.Begin())
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
        time.Advance(TimeSpan.FromTicks(30));   // 3 µs later the next one starts
        using (var second = lab.Track("second"))
        using (second.Begin())
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var timeline = lab.Freeze();

        var model = TimelineChartModel.Tasks(timeline, null, showQueue: true);

        Assert.Equal([1, 0], model.Steps[0].Points.Select(p => p.Value));   // up at 0 s, down at 2 s
        Assert.Equal(4, timeline.Concurrency.Count);   // the timeline itself keeps the exact dip
        Assert.Contains(model.Bars.SelectMany(b => b.Bars), b => b.Hover.Contains("start 1.000 s · end 2.000 s"));
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks);
    }
}
