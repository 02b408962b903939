using System.Threading.RateLimiting;
using AsyncLab.Resources;
using Microsoft.Extensions.Time.Testing;
using static AsyncLab.RateLimiting.Tests.Scenarios;

namespace AsyncLab.RateLimiting.Tests.Resources;

public sealed class ReplenishScheduleTests
{
    [Fact]
    public async Task Run_AfterTheLastJob_EndsAtTheLastJobsEndAndReplenishesOnlyUntilFull()
    {
        var lab = new Lab(virtualTime: true);
        var start = lab.Time.GetUtcNow();
        var limiter = (WatchedRateLimiter)lab.TokenBucket(Bucket());

        var timeline = await Jobs(lab, limiter, 20);

        Assert.True(timeline.Summary == "20 tasks · makespan 3.10 s · peak concurrency 5", timeline.Summary);
        Assert.Equal(S(3.1), lab.Time.GetUtcNow() - start);
        // The bucket is empty at 3.1 s: its next boundary (4 s) is still to come.
        Assert.True(limiter.IsReplenishing);

        var after = await lab.Run(async () =>
        {
            using var idle = lab.Track("idle");
            await idle.Run(() => lab.Delay(5));
        });

        // The next run starts at 3.1 s: one boundary, at 4 s, fills the bucket, and then the lab stops replenishing.
        Assert.Equal([P(0, 0), P(0.9, 5)], after.Resource("limiter").Level);
        Assert.False(limiter.IsReplenishing);
        Assert.Equal(S(4.1), limiter.IdleDuration);
    }

    [Fact(Timeout = 60_000)]
    public async Task Run_TaskStuckAfterTakingTokens_IsReportedStuckOnceTheBucketIsFull()
    {
        // An automatic limiter's timer would fire every second for ever, and the lab would never see that nothing can happen.
        var lab = new Lab(virtualTime: true);
        var start = lab.Time.GetUtcNow();
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 5, TokensPerPeriod = 1, ReplenishmentPeriod = S(1) });
        var never = new TaskCompletionSource();

        var stuck = await Assert.ThrowsAsync<LabStuckException>(() => lab.Run(async () =>
        {
            using var job = lab.Track("stuck");
            using var lease = await limiter.AcquireAsync(3);
            await never.Task.WaitAsync(TestContext.Current.CancellationToken);
        }));

        // Three tokens taken at 0 s come back one a second: the clock stops at 3 s, with the bucket full.
        Assert.Equal(S(3), lab.Time.GetUtcNow() - start);
        Assert.Contains("'stuck'", stuck.Message);
    }

    [Fact]
    public async Task Watch_LimiterOfAnotherKind_IsReplenishedThroughTryReplenishWhileBelowFull()
    {
        var lab = new Lab(virtualTime: true);
        var mine = new CountingLimiter(limit: 2);
        var limiter = lab.Watch(mine, "mine");

        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("job");
            Assert.True(limiter.AttemptAcquire(2).IsAcquired);
            await job.Run(() => lab.Delay(3.5));
        });

        // Called at 1 s, which fills it; not at 2 s or 3 s.
        Assert.Equal(1, mine.Replenishments);
        Assert.Equal([P(0, 0), P(1, 2)], timeline.Resource("mine").Level);
    }

    [Fact]
    public void TokenBucket_OnAnotherClock_ReplenishesWhenThatClockPassesEachBoundary()
    {
        var time = new FakeTimeProvider();
        var lab = new Lab(virtualTime: false, time: time);
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = S(1) });

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(S(0.9));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(S(0.1));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        time.Advance(S(1));
        Assert.Equal(S(0), limiter.IdleDuration);
        time.Advance(S(5));
        Assert.Equal(S(5), limiter.IdleDuration);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void TokenBucket_RequestAtTheInstantOfABoundary_SeesThatBoundarysTokens()
    {
        var time = new FakeTimeProvider();
        var lab = new Lab(virtualTime: false, time: time);
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = S(1) });
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        // Move the clock without letting the timer fire: the request itself catches up with the boundary.
        time.AutoAdvanceAmount = TimeSpan.Zero;
        time.SetUtcNow(time.GetUtcNow() + S(1));

        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task Dispose_WhileReplenishing_StopsTheLabsTimer()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = (WatchedRateLimiter)lab.TokenBucket(Bucket());

        await lab.Run(async () =>
        {
            using var job = lab.Track("job");
            using (var lease = await limiter.AcquireAsync(5))
            {
                Assert.True(limiter.IsReplenishing);
            }
            limiter.Dispose();
            await job.Run(() => lab.Delay(3));
        });

        Assert.False(limiter.IsReplenishing);
        Assert.Equal("limiter: disposed", limiter.ToString());
        Assert.Throws<ObjectDisposedException>(() => limiter.AttemptAcquire());
    }

    /// <summary>A replenishing limiter that is not one of the built-in three: all permits back at each TryReplenish.</summary>
    private sealed class CountingLimiter : ReplenishingRateLimiter
    {
        private readonly int _limit;
        private int _available;

        public CountingLimiter(int limit) => _available = _limit = limit;

        public int Replenishments { get; private set; }

        public override TimeSpan ReplenishmentPeriod => S(1);

        public override bool IsAutoReplenishing => false;

        public override TimeSpan? IdleDuration => null;

        public override bool TryReplenish()
        {
            Replenishments++;
            _available = _limit;
            return true;
        }

        public override RateLimiterStatistics? GetStatistics() => new() { CurrentAvailablePermits = _available };

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            var acquired = _available >= permitCount;
            if (acquired)
            {
                _available -= permitCount;
            }
            return new Lease(acquired);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            new(AttemptAcquireCore(permitCount));

        private sealed class Lease(bool acquired) : RateLimitLease
        {
            public override bool IsAcquired => acquired;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
