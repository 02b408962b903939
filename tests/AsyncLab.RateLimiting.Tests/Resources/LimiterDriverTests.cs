using System.Diagnostics;
using AsyncLab.Resources;

namespace AsyncLab.RateLimiting.Tests.Resources;

public sealed class LimiterDriverTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(3_333_333L)]
    [InlineData(10_000_000L)]
    [InlineData(10_000_001L)]
    [InlineData(864_000_000_000L)]
    public void StopwatchStep_AnyPeriod_ReadsBackAsExactlyThatPeriod(long ticks)
    {
        var step = LimiterDriver.StopwatchStep(ticks);

        Assert.Equal(ticks, Stopwatch.GetElapsedTime(0, step).Ticks);
        Assert.True(Stopwatch.GetElapsedTime(0, step - 1).Ticks < ticks);
    }
}
