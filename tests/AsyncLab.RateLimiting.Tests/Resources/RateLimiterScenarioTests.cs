using System.Threading.RateLimiting;
using static AsyncLab.RateLimiting.Tests.Scenarios;

namespace AsyncLab.RateLimiting.Tests.Resources;

public sealed class RateLimiterScenarioTests
{
    [Fact]
    public async Task TokenBucket_TwentyJobsFivePerSecond_FinishesInThreePointOneSeconds()
    {
        // 5 tokens at 0 s, 5 more at each of 1, 2 and 3 s; the last five jobs start at 3 s and end at 3.1 s.
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(Bucket());

        var timeline = await Jobs(lab, limiter, 20);

        Assert.True(timeline.Summary == "20 tasks · makespan 3.10 s · peak concurrency 5", timeline.Summary);
        var series = timeline.Resource("limiter");
        Assert.Equal(ResourceKind.RateLimiter, series.Kind);
        Assert.Equal(5, series.Capacity);
        Assert.Equal([P(0, 15), P(1, 10), P(2, 5), P(3, 0)], series.Waiting);
        // Every token is taken the instant it comes: none is ever left over.
        Assert.Empty(series.Level);
        Assert.Equal("limiter (rate limiter, 5 permits): lowest 0 available, peak 15 queued", series.ToString());
        var last = timeline.Tasks.Single(t => t.Name == "job 19");
        Assert.Equal(S(3), last.Segments[0].End);
        Assert.Equal(new Segment(SegmentKind.InProgress, S(3), S(3.1)), last.Segments[1]);
        Assert.DoesNotContain(timeline.Tasks.Single(t => t.Name == "job 4").Segments, s => s.Kind == SegmentKind.Waiting);
    }

    [Theory]
    [InlineData("token bucket")]
    [InlineData("fixed window")]
    [InlineData("sliding window")]
    [InlineData("smooth bucket")]
    public async Task Limiter_TwentyJobsAtOnce_SameMakespanForEveryShape(string kind)
    {
        // With every request there at 0 s, five a second is five a second: 15 queued jobs need 3 s whatever the shape.
        var lab = new Lab(virtualTime: true);

        var timeline = await Jobs(lab, Make(lab, kind), 20);

        Assert.True(timeline.Summary == "20 tasks · makespan 3.10 s · peak concurrency 5", timeline.Summary);
        var expected = kind == "smooth bucket"
            ? Enumerable.Range(0, 16).Select(i => P(i * 0.2, 15 - i)).ToArray()
            : [P(0, 15), P(1, 10), P(2, 5), P(3, 0)];
        Assert.Equal(expected, timeline.Resource("limiter").Waiting);
    }

    public static TheoryData<string, string, StepPoint[]> WindowEdge => new()
    {
        // Five at 0.9 s use the first window; the fixed window and the bucket both renew at 1 s: ten jobs in 0.2 s.
        { "token bucket", "10 tasks · makespan 1.10 s · peak concurrency 5", [P(0, 0), P(0.9, 5), P(1, 0)] },
        { "fixed window", "10 tasks · makespan 1.10 s · peak concurrency 5", [P(0, 0), P(0.9, 5), P(1, 0)] },
        // The five permits used at 0.9 s come back only when their segment leaves the window, at 1.5 s.
        { "sliding window", "10 tasks · makespan 1.60 s · peak concurrency 5", [P(0, 0), P(0.9, 5), P(1.5, 0)] },
        // One token every 0.2 s: the second five are spread over 1.0 to 1.8 s.
        { "smooth bucket", "10 tasks · makespan 1.90 s · peak concurrency 5", [P(0, 0), P(0.9, 5), P(1, 4), P(1.2, 3), P(1.4, 2), P(1.6, 1), P(1.8, 0)] },
    };

    [Theory]
    [MemberData(nameof(WindowEdge))]
    public async Task Limiter_TenJobsJustBeforeAWindowEdge_ShapeDecidesTheBurst(string kind, string summary, StepPoint[] queued)
    {
        var lab = new Lab(virtualTime: true);

        var timeline = await Jobs(lab, Make(lab, kind), 10, arrival: 0.9);

        Assert.True(timeline.Summary == summary, timeline.Summary);
        Assert.Equal(queued, timeline.Resource("limiter").Waiting);
    }

    [Fact]
    public async Task TokenBucket_PartlyUsed_PermitsRiseByTokensPerPeriodUntilTheNextRequest()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 5, TokensPerPeriod = 1, ReplenishmentPeriod = S(1) });

        var timeline = await lab.Run(() => Task.WhenAll(
            Job(lab, limiter, 0), Job(lab, limiter, 1), Job(lab, limiter, 2), Job(lab, limiter, 3, arrival: 2.5)));

        Assert.True(timeline.Summary == "4 tasks · makespan 2.60 s · peak concurrency 3", timeline.Summary);
        var series = timeline.Resource("limiter");
        Assert.Equal([P(0, 2), P(1, 3), P(2, 4), P(2.5, 3)], series.Level);
        Assert.Empty(series.Waiting);
    }

    [Fact]
    public async Task FixedWindow_PartlyUsed_PermitsComeBackWholeAtTheWindowEdge()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.FixedWindow(Fixed());

        var timeline = await lab.Run(() => Task.WhenAll(
            Job(lab, limiter, 0), Job(lab, limiter, 1), Job(lab, limiter, 2), Job(lab, limiter, 3, arrival: 1.5)));

        Assert.True(timeline.Summary == "4 tasks · makespan 1.60 s · peak concurrency 3", timeline.Summary);
        Assert.Equal([P(0, 2), P(1, 5), P(1.5, 4)], timeline.Resource("limiter").Level);
    }

    [Fact]
    public async Task SlidingWindow_PartlyUsed_EachSegmentsPermitsComeBackAWindowLater()
    {
        // Segments of 0.5 s: three permits used at 0 s come back at 1 s, the one used at 0.6 s at 1.5 s.
        var lab = new Lab(virtualTime: true);
        var limiter = lab.SlidingWindow(Sliding());

        var timeline = await lab.Run(() => Task.WhenAll(
            Job(lab, limiter, 0), Job(lab, limiter, 1), Job(lab, limiter, 2),
            Job(lab, limiter, 3, arrival: 0.6), Job(lab, limiter, 4, arrival: 1.7)));

        Assert.True(timeline.Summary == "5 tasks · makespan 1.80 s · peak concurrency 3", timeline.Summary);
        Assert.Equal([P(0, 2), P(0.6, 1), P(1, 4), P(1.5, 5), P(1.7, 4)], timeline.Resource("limiter").Level);
    }

    [Fact]
    public async Task TokenBucket_QueuedJob_WaitingStretchNamesTheLimiter()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(Bucket(), "api");

        var timeline = await Jobs(lab, limiter, 6);

        var waiting = timeline.Tasks.Single(t => t.Name == "job 5").Segments[0];
        Assert.Equal((SegmentKind.Waiting, S(0), S(1)), (waiting.Kind, waiting.Start, waiting.End));
        Assert.Equal("waiting for api (5 permits)", waiting.Label);
    }

    [Fact]
    public async Task Limiter_FirstRequestLate_PermitsShowFullBeforeIt()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(Bucket());

        var timeline = await lab.Run(() => Job(lab, limiter, 0, arrival: 1));

        var level = timeline.Resource("limiter").Level;
        Assert.Equal([P(0, 5), P(1, 4)], level);
    }

    [Fact]
    public async Task TokenBucket_QueuedAcquireCanceled_MarksTheTaskCanceledAndStopsQueueing()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = S(1), QueueLimit = 5 });
        async Task Holder()
        {
            using var job = lab.Track("holder");
            using var lease = await limiter.AcquireAsync();
            await job.Run(() => lab.Delay(2));
        }
        async Task Impatient()
        {
            using var job = lab.Track("impatient");
            using var deadline = new CancellationTokenSource(S(0.5), lab.Time);
            using var lease = await limiter.AcquireAsync(1, deadline.Token);
        }

        var timeline = await lab.Run(async () =>
        {
            var holder = Holder();   // takes the only token at once
            await Assert.ThrowsAnyAsync<OperationCanceledException>(Impatient);
            await holder;
        });

        Assert.True(timeline.Summary == "2 tasks · makespan 2.00 s · peak concurrency 1 · 1 canceled", timeline.Summary);
        Assert.Equal(TaskOutcome.Canceled, timeline.Tasks.Single(t => t.Name == "impatient").Outcome);
        var series = timeline.Resource("limiter");
        Assert.Equal([P(0, 1), P(0.5, 0)], series.Waiting);
        Assert.Equal([P(0, 0), P(1, 1)], series.Level);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task TokenBucket_NoQueueAndNoToken_TurnsTheRequestAwayWithRetryAfter()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 2, TokensPerPeriod = 2, ReplenishmentPeriod = S(1) });
        var turnedAway = new List<TimeSpan>();
        async Task Request(int id)
        {
            using var job = lab.Track($"request {id}");
            using var lease = await limiter.AcquireAsync();
            if (!lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                await job.Run(() => lab.Delay(0.1));
                return;
            }
            turnedAway.Add(retryAfter);
        }

        var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 3).Select(Request)));

        Assert.Equal([S(1)], turnedAway);
        var series = timeline.Resource("limiter");
        Assert.Equal([S(0)], series.Drops);
        Assert.Equal("limiter (rate limiter, 2 permits): lowest 0 available, peak 0 queued, 1 dropped", series.ToString());
    }

    [Fact]
    public async Task AttemptAcquire_WithoutWaiting_RecordsThePermitsLeft()
    {
        var lab = new Lab(virtualTime: true);
        var limiter = lab.FixedWindow(Fixed());

        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("burst");
            var leases = Enumerable.Range(0, 6).Select(_ => limiter.AttemptAcquire()).ToList();
            Assert.Equal([true, true, true, true, true, false], leases.Select(l => l.IsAcquired));
            await job.Run(() => lab.Delay(1.5));
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        });

        var series = timeline.Resource("limiter");
        Assert.Equal([P(0, 0), P(1, 5), P(1.5, 4)], series.Level);
        Assert.Equal([S(0)], series.Drops);
    }

    [Fact]
    public async Task Watch_LimiterMadeWithoutAutoReplenishment_GivesTheLabsFigures()
    {
        var lab = new Lab(virtualTime: true);
        var options = Bucket();
        options.AutoReplenishment = false;
        var limiter = lab.Watch(new TokenBucketRateLimiter(options), "mine");

        var timeline = await Jobs(lab, limiter, 20);

        Assert.True(timeline.Summary == "20 tasks · makespan 3.10 s · peak concurrency 5", timeline.Summary);
        Assert.Equal([P(0, 15), P(1, 10), P(2, 5), P(3, 0)], timeline.Resource("mine").Waiting);
        Assert.Equal("mine: 0 of 5 permits available, 0 queued", limiter.ToString());
    }

    [Fact]
    public async Task TokenBucket_OptionsAskForAutoReplenishment_LabReplenishesOnItsClockAndLeavesTheOptions()
    {
        var lab = new Lab(virtualTime: true);
        var options = Bucket();
        options.AutoReplenishment = true;

        var timeline = await Jobs(lab, lab.TokenBucket(options), 20);

        Assert.True(timeline.Summary == "20 tasks · makespan 3.10 s · peak concurrency 5", timeline.Summary);
        Assert.True(options.AutoReplenishment);
    }

    [Fact]
    public async Task TokenBucket_TokensPerPeriodNotExactInDouble_AddsTheWholeAmount()
    {
        // 21 / 10,000,000 * 10,000,000 is 20.999... in double: one exact period would show 20 tokens.
        var lab = new Lab(virtualTime: true);
        var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions { TokenLimit = 30, TokensPerPeriod = 21, ReplenishmentPeriod = S(1) });

        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("all at once");
            using var lease = await limiter.AcquireAsync(30);
            await job.Run(() => lab.Delay(1.5));
        });

        Assert.Equal([P(0, 0), P(1, 21)], timeline.Resource("limiter").Level);
    }
}
