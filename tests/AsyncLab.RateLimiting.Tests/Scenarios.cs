using System.Threading.RateLimiting;

namespace AsyncLab.RateLimiting.Tests;

/// <summary>The jobs and limiters the tests share: five permits a second, in three shapes.</summary>
internal static class Scenarios
{
    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static StepPoint P(double seconds, int value) => new(S(seconds), value);

    public static TokenBucketRateLimiterOptions Bucket(int queueLimit = 20) => new()
    {
        TokenLimit = 5,
        TokensPerPeriod = 5,
        ReplenishmentPeriod = S(1),
        QueueLimit = queueLimit,
    };

    public static FixedWindowRateLimiterOptions Fixed() => new() { PermitLimit = 5, Window = S(1), QueueLimit = 20 };

    public static SlidingWindowRateLimiterOptions Sliding() => new() { PermitLimit = 5, Window = S(1), SegmentsPerWindow = 2, QueueLimit = 20 };

    /// <summary>Makes one of the limiters the lesson compares, by the name a theory row gives.</summary>
    public static RateLimiter Make(Lab lab, string kind) => kind switch
    {
        "token bucket" => lab.TokenBucket(Bucket()),
        "fixed window" => lab.FixedWindow(Fixed()),
        "sliding window" => lab.SlidingWindow(Sliding()),
        // The same average rate as the others, one token at a time.
        "smooth bucket" => lab.TokenBucket(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 5,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = S(0.2),
            QueueLimit = 20,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such limiter in these tests."),
    };

    /// <summary>A job of 0.1 s that arrives after <paramref name="arrival"/> seconds and needs one permit first.</summary>
    public static async Task Job(Lab lab, RateLimiter limiter, int id, double arrival = 0)
    {
        using var job = lab.Track($"job {id}");
        if (arrival > 0)
        {
            await lab.Delay(arrival);
        }
        using var lease = await limiter.AcquireAsync();
        Assert.True(lease.IsAcquired, $"job {id} was turned away");
        await job.Run(() => lab.Delay(0.1));
    }

    /// <summary>Runs <paramref name="count"/> jobs that all arrive at once.</summary>
    public static Task<Timeline> Jobs(Lab lab, RateLimiter limiter, int count, double arrival = 0) =>
        lab.Run(() => Task.WhenAll(Enumerable.Range(0, count).Select(i => Job(lab, limiter, i, arrival))));
}
