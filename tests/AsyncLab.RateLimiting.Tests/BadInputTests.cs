using System.Threading.RateLimiting;
using static AsyncLab.RateLimiting.Tests.Scenarios;

namespace AsyncLab.RateLimiting.Tests;

public sealed class BadInputTests
{
    [Fact]
    public void Watch_AutoReplenishingLimiter_SaysToSetAutoReplenishmentFalse()
    {
        var lab = new Lab(virtualTime: true);
        using var limiter = new TokenBucketRateLimiter(Bucket());   // AutoReplenishment is true by default

        var error = Assert.Throws<ArgumentException>(() => lab.Watch(limiter, "limiter"));

        Assert.Equal("limiter", error.ParamName);
        Assert.Contains("AutoReplenishment = false", error.Message);
        Assert.Contains("lab.TokenBucket(options)", error.Message);
    }

    [Fact]
    public void Watch_SameLimiterTwice_SaysToUseTheFirstWatchedOne()
    {
        var lab = new Lab(virtualTime: true);
        var options = Fixed();
        options.AutoReplenishment = false;
        var mine = new FixedWindowRateLimiter(options);
        lab.Watch(mine, "first");

        var error = Assert.Throws<ArgumentException>(() => lab.Watch(mine, "second"));

        Assert.Equal("limiter", error.ParamName);
        Assert.Contains("already watched by the lab (as 'first')", error.Message);
    }

    [Fact]
    public void Watch_DisposedLimiter_SaysToMakeANewOne()
    {
        var lab = new Lab(virtualTime: true);
        var options = Sliding();
        options.AutoReplenishment = false;
        var mine = new SlidingWindowRateLimiter(options);
        mine.Dispose();

        var error = Assert.Throws<ArgumentException>(() => lab.Watch(mine));

        Assert.Equal("limiter", error.ParamName);
        Assert.Contains("disposed", error.Message);
    }

    [Fact]
    public void Watch_NullLimiter_NamesTheLimiter()
    {
        var lab = new Lab(virtualTime: true);

        var error = Assert.Throws<ArgumentNullException>(() => lab.Watch((ReplenishingRateLimiter)null!));

        Assert.Equal("limiter", error.ParamName);
    }

    [Fact]
    public void TokenBucket_NullLabOrOptions_NamesWhichOne()
    {
        Assert.Equal("lab", Assert.Throws<ArgumentNullException>(() => ((Lab)null!).TokenBucket(Bucket())).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new Lab(virtualTime: true).TokenBucket(null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new Lab(virtualTime: true).FixedWindow(null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new Lab(virtualTime: true).SlidingWindow(null!)).ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Limiter_BlankName_NamesTheName(string? name)
    {
        var lab = new Lab(virtualTime: true);

        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => lab.TokenBucket(Bucket(), name!)).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => lab.FixedWindow(Fixed(), name!)).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => lab.SlidingWindow(Sliding(), name!)).ParamName);
    }

    [Theory]
    [InlineData(0, 5, 1.0, 20, "TokenLimit is 0; it must be at least 1: the most tokens the bucket holds, its burst, such as TokenLimit = 5.")]
    [InlineData(5, 0, 1.0, 20, "TokensPerPeriod is 0; it must be at least 1: the tokens added each period, such as TokensPerPeriod = 5.")]
    [InlineData(5, 5, 0.0, 20, "ReplenishmentPeriod is 00:00:00; it must be longer than zero: how often tokens are added, such as ReplenishmentPeriod = TimeSpan.FromSeconds(1).")]
    [InlineData(5, 5, 1.0, -1, "QueueLimit is -1; it must be 0 (turn requests away when no permit is left) or more (how many permits may wait), such as QueueLimit = 20.")]
    public void TokenBucket_InvalidOption_SaysWhatToWrite(int tokenLimit, int tokensPerPeriod, double period, int queueLimit, string expected)
    {
        var lab = new Lab(virtualTime: true);
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokenLimit,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = S(period),
            QueueLimit = queueLimit,
        };

        var error = Assert.Throws<ArgumentException>(() => lab.TokenBucket(options));

        Assert.Equal("options", error.ParamName);
        Assert.StartsWith("The token bucket options are not valid: " + expected, error.Message);
    }

    [Fact]
    public void TokenBucket_SeveralInvalidOptions_ListsEveryOne()
    {
        var lab = new Lab(virtualTime: true);

        var error = Assert.Throws<ArgumentException>(() => lab.TokenBucket(new TokenBucketRateLimiterOptions()));

        Assert.StartsWith(
            "The token bucket options are not valid:\n" +
            "- TokenLimit is 0; it must be at least 1: the most tokens the bucket holds, its burst, such as TokenLimit = 5.\n" +
            "- TokensPerPeriod is 0; it must be at least 1: the tokens added each period, such as TokensPerPeriod = 5.\n" +
            "- ReplenishmentPeriod is 00:00:00; it must be longer than zero",
            error.Message);
    }

    [Fact]
    public void FixedWindow_NoWindow_SaysHowLongAWindowShouldBe()
    {
        var lab = new Lab(virtualTime: true);

        var error = Assert.Throws<ArgumentException>(() => lab.FixedWindow(new FixedWindowRateLimiterOptions { PermitLimit = 5 }));

        Assert.Equal("options", error.ParamName);
        Assert.StartsWith("The fixed window options are not valid: Window is 00:00:00; it must be longer than zero: how long one window lasts, such as Window = TimeSpan.FromSeconds(1).", error.Message);
    }

    [Theory]
    [InlineData(0, 10_000_000L, "SegmentsPerWindow is 0; it must be at least 1")]
    [InlineData(4, 3L, "Window / SegmentsPerWindow is shorter than one tick (100 ns)")]
    [InlineData(2, 0L, "Window is 00:00:00; it must be longer than zero")]
    public void SlidingWindow_InvalidSegments_SaysWhatToChange(int segments, long windowTicks, string expected)
    {
        var lab = new Lab(virtualTime: true);
        var options = new SlidingWindowRateLimiterOptions { PermitLimit = 5, Window = TimeSpan.FromTicks(windowTicks), SegmentsPerWindow = segments };

        var error = Assert.Throws<ArgumentException>(() => lab.SlidingWindow(options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task AcquireAsync_MorePermitsThanTheLimit_FailsAsTheLimiterDoes()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(Bucket());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await limiter.AcquireAsync(6, TestContext.Current.CancellationToken));
    }
}
