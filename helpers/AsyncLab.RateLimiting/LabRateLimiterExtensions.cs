using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using AsyncLab.Resources;

namespace AsyncLab;

/// <summary>
/// Rate limiters from System.Threading.RateLimiting that the lab watches and replenishes on its own clock:
/// <c>lab.TokenBucket(options)</c>, <c>lab.FixedWindow(options)</c>, <c>lab.SlidingWindow(options)</c>, and
/// <c>lab.Watch(limiter)</c> for one you made. The chart shows the permits available and the requests queued, and each
/// waiting stretch of a task names the limiter it waited for. In virtual time the figures are exact.
/// </summary>
/// <remarks>
/// <para><b>How the lab replenishes, and how that differs from <c>AutoReplenishment = true</c>.</b> An automatic
/// limiter runs its own <see cref="System.Threading.Timer"/> on the real clock, which no lab can speed up or pause.
/// The lab's limiters are made with <c>AutoReplenishment = false</c> instead, and the lab replenishes them itself on
/// <see cref="Lab.Time"/>: at every multiple of <see cref="ReplenishingRateLimiter.ReplenishmentPeriod"/> counted from
/// when the limiter was made (or, for <see cref="Watch(Lab, ReplenishingRateLimiter, string)"/>, watched), it does
/// exactly what the limiter does when one period has passed: a token bucket gains <c>TokensPerPeriod</c> tokens up to
/// <c>TokenLimit</c>, a fixed window starts a new window with <c>PermitLimit</c> permits, a sliding window moves on by
/// one segment and gets back the permits used in the segment that drops out. Queued requests are served at that
/// instant, as the limiter serves them.</para>
/// <para>Three differences from the automatic timer, all deliberate: (1) the boundaries are exact, never a few
/// milliseconds late, and a replenishment always counts as exactly one period, however late the lab's timer fired;
/// (2) the lab's timer runs only while the limiter is below full or has requests queued: once it has every permit and
/// nobody waits, the timer stops (otherwise it would keep virtual time moving forever and hide a stuck run), and it
/// starts again at the next request, on the same boundaries; (3) a request made at the very instant of a boundary sees
/// that boundary's replenishment first.</para>
/// <para>In System.Threading.RateLimiting 10.0, <c>TryReplenish()</c> on a limiter made with
/// <c>AutoReplenishment = false</c> still measures the real time since its last replenishment (the windows do nothing
/// before a real window has passed; the token bucket adds tokens in proportion to real time), so calling it on the
/// lab's clock would add nothing in virtual time. The lab therefore calls the limiter's own replenishment step and
/// tells it that one period has passed. This needs the pinned package version; another version whose step differs is
/// refused with a message when the limiter is made.</para>
/// </remarks>
public static class LabRateLimiterExtensions
{
    private const string DefaultName = "limiter";

    // Limiters being watched, so that one limiter is never replenished by two watchers.
    private static readonly ConditionalWeakTable<ReplenishingRateLimiter, string> _watched = new();

    /// <summary>
    /// A <see cref="TokenBucketRateLimiter"/> the lab watches and replenishes on <see cref="Lab.Time"/>: it starts with
    /// <c>TokenLimit</c> tokens, and at every <c>ReplenishmentPeriod</c> from now it gains <c>TokensPerPeriod</c>, up to
    /// <c>TokenLimit</c>. Use it as any limiter: <c>using var lease = await limiter.AcquireAsync();</c>, then check
    /// <see cref="RateLimitLease.IsAcquired"/>.
    /// </summary>
    /// <param name="lab">The lab whose clock replenishes it and whose chart shows it.</param>
    /// <param name="options">
    /// Its options, checked here with every mistake listed. <c>AutoReplenishment</c> is ignored: the lab always
    /// replenishes on its own clock (see <see cref="LabRateLimiterExtensions"/>). Your options object is not changed.
    /// </param>
    /// <param name="name">The name on the chart, such as "limiter".</param>
    /// <returns>The limiter. Disposing it stops the lab's replenishment.</returns>
    /// <exception cref="ArgumentException">The options are not valid, or <paramref name="name"/> is blank.</exception>
    public static RateLimiter TokenBucket(this Lab lab, TokenBucketRateLimiterOptions options, string name = DefaultName) =>
        Make(lab, options, name, OptionsCheck.Validate, valid => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = valid.TokenLimit,
            TokensPerPeriod = valid.TokensPerPeriod,
            ReplenishmentPeriod = valid.ReplenishmentPeriod,
            QueueLimit = valid.QueueLimit,
            QueueProcessingOrder = valid.QueueProcessingOrder,
            AutoReplenishment = false,
        }));

    /// <summary>
    /// A <see cref="FixedWindowRateLimiter"/> the lab watches and replenishes on <see cref="Lab.Time"/>: at most
    /// <c>PermitLimit</c> permits in each <c>Window</c>, windows counted from now.
    /// </summary>
    /// <param name="lab">The lab whose clock replenishes it and whose chart shows it.</param>
    /// <param name="options">Its options, checked here with every mistake listed. <c>AutoReplenishment</c> is ignored: the lab replenishes on its own clock.</param>
    /// <param name="name">The name on the chart, such as "limiter".</param>
    /// <returns>The limiter. Disposing it stops the lab's replenishment.</returns>
    /// <exception cref="ArgumentException">The options are not valid, or <paramref name="name"/> is blank.</exception>
    public static RateLimiter FixedWindow(this Lab lab, FixedWindowRateLimiterOptions options, string name = DefaultName) =>
        Make(lab, options, name, OptionsCheck.Validate, valid => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = valid.PermitLimit,
            Window = valid.Window,
            QueueLimit = valid.QueueLimit,
            QueueProcessingOrder = valid.QueueProcessingOrder,
            AutoReplenishment = false,
        }));

    /// <summary>
    /// A <see cref="SlidingWindowRateLimiter"/> the lab watches and replenishes on <see cref="Lab.Time"/>: at most
    /// <c>PermitLimit</c> permits in any <c>Window</c>; the window moves on by one segment
    /// (<c>Window / SegmentsPerWindow</c>) at a time, counted from now, and the permits of the segment that drops out
    /// come back.
    /// </summary>
    /// <param name="lab">The lab whose clock replenishes it and whose chart shows it.</param>
    /// <param name="options">Its options, checked here with every mistake listed. <c>AutoReplenishment</c> is ignored: the lab replenishes on its own clock.</param>
    /// <param name="name">The name on the chart, such as "limiter".</param>
    /// <returns>The limiter. Disposing it stops the lab's replenishment.</returns>
    /// <exception cref="ArgumentException">The options are not valid, or <paramref name="name"/> is blank.</exception>
    public static RateLimiter SlidingWindow(this Lab lab, SlidingWindowRateLimiterOptions options, string name = DefaultName) =>
        Make(lab, options, name, OptionsCheck.Validate, valid => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = valid.PermitLimit,
            Window = valid.Window,
            SegmentsPerWindow = valid.SegmentsPerWindow,
            QueueLimit = valid.QueueLimit,
            QueueProcessingOrder = valid.QueueProcessingOrder,
            AutoReplenishment = false,
        }));

    /// <summary>
    /// Watches a replenishing limiter you made with <c>AutoReplenishment = false</c>: returns a limiter to use instead,
    /// which passes every request on to yours, records its permits and queued requests, and replenishes it on
    /// <see cref="Lab.Time"/> at every <see cref="ReplenishingRateLimiter.ReplenishmentPeriod"/> counted from now.
    /// </summary>
    /// <remarks>
    /// From now on the lab replenishes it: do not call <c>TryReplenish()</c> on it yourself, and make your requests
    /// through the limiter returned here, or the lab does not see them. A <see cref="TokenBucketRateLimiter"/>,
    /// <see cref="FixedWindowRateLimiter"/> or <see cref="SlidingWindowRateLimiter"/> is replenished exactly as the
    /// lab's own limiters are (see <see cref="LabRateLimiterExtensions"/>). A limiter of another kind is replenished by
    /// calling its <c>TryReplenish()</c> once per period, so its own code decides what a period does, and the permits it
    /// has when watched count as its full amount: watch it before it is used.
    /// </remarks>
    /// <param name="lab">The lab whose clock replenishes it and whose chart shows it.</param>
    /// <param name="limiter">Your limiter, made with <c>AutoReplenishment = false</c>.</param>
    /// <param name="name">The name on the chart, such as "limiter".</param>
    /// <returns>The watched limiter to use instead of yours. Disposing it disposes yours too.</returns>
    /// <exception cref="ArgumentException">
    /// The limiter replenishes itself on a real timer (<see cref="ReplenishingRateLimiter.IsAutoReplenishing"/> is true),
    /// is already watched, is disposed, or cannot be driven; or <paramref name="name"/> is blank.
    /// </exception>
    public static RateLimiter Watch(this Lab lab, ReplenishingRateLimiter limiter, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (limiter.IsAutoReplenishing)
        {
            throw new ArgumentException(
                "This limiter replenishes itself with a System.Threading.Timer on the real clock (AutoReplenishment = true), " +
                "and the lab cannot drive that timer: in virtual time it would never fire when it should. Make it with " +
                "AutoReplenishment = false and the lab replenishes it on its own clock, or let the lab make it: " +
                "lab.TokenBucket(options), lab.FixedWindow(options) or lab.SlidingWindow(options).",
                nameof(limiter));
        }
        if (limiter.ReplenishmentPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"Its ReplenishmentPeriod is {limiter.ReplenishmentPeriod}; the lab replenishes once per period, so it must be longer than zero.",
                nameof(limiter));
        }
        RateLimiterStatistics? statistics;
        try
        {
            statistics = limiter.GetStatistics();
        }
        catch (ObjectDisposedException)
        {
            throw new ArgumentException("This limiter is disposed. Make a new one and watch that.", nameof(limiter));
        }
        if (statistics is null)
        {
            throw new ArgumentException(
                "The lab reads the permits available from GetStatistics(), and this limiter returns null there. Return " +
                "RateLimiterStatistics from GetStatistics(), or use one of the built-in limiters.",
                nameof(limiter));
        }
        return Start(lab, limiter, name, nameof(limiter));
    }

    /// <summary>
    /// Checks the arguments of <c>lab.TokenBucket</c> and friends, makes the limiter from a copy of the options with
    /// <c>AutoReplenishment = false</c>, and starts watching it.
    /// </summary>
    private static WatchedRateLimiter Make<TOptions>(Lab lab, TOptions options, string name, Action<TOptions> validate, Func<TOptions, ReplenishingRateLimiter> make)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        validate(options);
        return Start(lab, make(options), name, nameof(options));
    }

    private static WatchedRateLimiter Start(Lab lab, ReplenishingRateLimiter limiter, string name, string paramName)
    {
        var driver = LimiterDriver.For(limiter, paramName);
        lock (_watched)
        {
            if (_watched.TryGetValue(limiter, out var watchedAs))
            {
                throw new ArgumentException(
                    $"This limiter is already watched by the lab (as '{watchedAs}'). Use the limiter that lab.Watch returned " +
                    "then: two watchers would replenish it twice each period.",
                    paramName);
            }
            _watched.Add(limiter, name);
        }
        return new WatchedRateLimiter(lab, limiter, driver, name);
    }
}
