using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;

namespace AsyncLab.Resources;

/// <summary>
/// Replenishes one <see cref="ReplenishingRateLimiter"/> by one period when the lab's clock says a period has passed.
/// </summary>
/// <remarks>
/// <para>Why not just <see cref="ReplenishingRateLimiter.TryReplenish"/>: in System.Threading.RateLimiting 10.0 the three
/// built-in limiters, made with <c>AutoReplenishment = false</c>, measure the time since their last replenishment on the
/// real clock (<see cref="Stopwatch"/>) when <c>TryReplenish</c> is called. The windows do nothing until a real window
/// has passed, and the token bucket adds <c>TokensPerPeriod</c> per real period elapsed. In virtual time almost no real
/// time passes, so <c>TryReplenish</c> would add nothing.</para>
/// <para>So for those three the lab calls the limiter's own replenishment step (the private method its
/// <c>TryReplenish</c> and its timer both call) with a timestamp exactly one period after the limiter's last
/// replenishment: the limiter then does what it does when one period has passed. The members are looked up when the
/// limiter is watched, so a version of the package without them fails there with a clear message, not later.</para>
/// <para>Any other <see cref="ReplenishingRateLimiter"/> is replenished with its public <c>TryReplenish</c>.</para>
/// </remarks>
internal abstract class LimiterDriver
{
    private const string PinnedVersion = "10.0.15";

    /// <summary>The permits of the limiter when nothing is used: its TokenLimit or PermitLimit.</summary>
    public abstract int Capacity { get; }

    /// <summary>Does what the limiter does when one <see cref="ReplenishingRateLimiter.ReplenishmentPeriod"/> has passed.</summary>
    public abstract void ReplenishOnePeriod();

    /// <summary>A driver for <paramref name="limiter"/>, or an <see cref="ArgumentException"/> that says why the lab cannot drive it.</summary>
    public static LimiterDriver For(ReplenishingRateLimiter limiter, string paramName)
    {
        if (limiter is TokenBucketRateLimiter or FixedWindowRateLimiter or SlidingWindowRateLimiter)
        {
            RequireMembers(limiter.GetType(), paramName);
        }
        return limiter switch
        {
            TokenBucketRateLimiter bucket => new BuiltInDriver(
                Options(bucket).TokenLimit, TokenBucketPeriod(Options(bucket)), () => LastReplenishment(bucket), now => Replenish(bucket, now)),
            FixedWindowRateLimiter window => new BuiltInDriver(
                Options(window).PermitLimit, window.ReplenishmentPeriod.Ticks, () => LastReplenishment(window), now => Replenish(window, now)),
            SlidingWindowRateLimiter window => new BuiltInDriver(
                Options(window).PermitLimit, window.ReplenishmentPeriod.Ticks, () => LastReplenishment(window), now => Replenish(window, now)),
            _ => new PublicDriver(limiter),
        };
    }

    /// <summary>
    /// The smallest step of <see cref="Stopwatch"/> timestamps that the limiter reads as at least
    /// <paramref name="ticks"/> of elapsed time (it converts with <see cref="Stopwatch.GetElapsedTime(long, long)"/>).
    /// </summary>
    internal static long StopwatchStep(long ticks)
    {
        var step = (long)Math.Ceiling(ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);
        while (Stopwatch.GetElapsedTime(0, step).Ticks < ticks)
        {
            step++;
        }
        while (step > 1 && Stopwatch.GetElapsedTime(0, step - 1).Ticks >= ticks)
        {
            step--;
        }
        return step;
    }

    /// <summary>Checks that the limiter type still has the private members the lab calls.</summary>
    private static void RequireMembers(Type type, string paramName)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var found = type.GetMethod(ReplenishStep, Private, [typeof(long)]) is not null
            && type.GetField(LastReplenishmentField, Private)?.FieldType == typeof(long)
            && type.GetField(OptionsField, Private) is not null;
        if (!found)
        {
            var version = type.Assembly.GetName().Version;
            throw new ArgumentException(
                $"The lab cannot drive this {type.Name}: it replenishes the built-in limiters through their own " +
                $"replenishment step, which this version of System.Threading.RateLimiting ({version}) does not have. " +
                $"Use the version the lab was built with ({PinnedVersion}, pinned in Directory.Packages.props).",
                paramName);
        }
    }

    /// <summary>
    /// The ticks to tell the token bucket for one period. It adds TokensPerPeriod / period.Ticks * elapsed.Ticks, in
    /// double arithmetic. For some pairs (21 tokens a second) one exact period gives 20.999..., which the bucket shows as
    /// 20: one tick more makes it at least TokensPerPeriod, a few millionths of a token over at most (the bucket caps it).
    /// </summary>
    private static long TokenBucketPeriod(TokenBucketRateLimiterOptions options)
    {
        var period = options.ReplenishmentPeriod.Ticks;
        var rate = (double)options.TokensPerPeriod / period;
        return rate * period >= options.TokensPerPeriod ? period : period + 1;
    }

    /// <summary>
    /// One of the three built-in limiters: its own replenishment step, called with a timestamp one period after its
    /// last replenishment.
    /// </summary>
    private sealed class BuiltInDriver(int capacity, long periodTicks, Func<long> lastReplenishment, Action<long> replenish) : LimiterDriver
    {
        private readonly long _step = StopwatchStep(periodTicks);

        public override int Capacity { get; } = capacity;

        public override void ReplenishOnePeriod() => replenish(lastReplenishment() + _step);
    }

    /// <summary>A limiter of another kind: its own <c>TryReplenish</c> decides what one period does.</summary>
    private sealed class PublicDriver(ReplenishingRateLimiter limiter) : LimiterDriver
    {
        // Its limit is not known: the permits it has when the lab starts watching it count as full.
        public override int Capacity { get; } = (int)Math.Min(int.MaxValue, limiter.GetStatistics()!.CurrentAvailablePermits);

        public override void ReplenishOnePeriod() => limiter.TryReplenish();
    }

    // The private members of the built-in limiters that the lab calls; RequireMembers checks them by the same names.
    // An UnsafeAccessor reaches a member of one declared type, so each is declared once per limiter type.
    private const string ReplenishStep = "ReplenishInternal";
    private const string LastReplenishmentField = "_lastReplenishmentTick";
    private const string OptionsField = "_options";

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = ReplenishStep)]
    private static extern void Replenish(TokenBucketRateLimiter limiter, long nowTicks);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = ReplenishStep)]
    private static extern void Replenish(FixedWindowRateLimiter limiter, long nowTicks);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = ReplenishStep)]
    private static extern void Replenish(SlidingWindowRateLimiter limiter, long nowTicks);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = LastReplenishmentField)]
    private static extern ref long LastReplenishment(TokenBucketRateLimiter limiter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = LastReplenishmentField)]
    private static extern ref long LastReplenishment(FixedWindowRateLimiter limiter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = LastReplenishmentField)]
    private static extern ref long LastReplenishment(SlidingWindowRateLimiter limiter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = OptionsField)]
    private static extern ref TokenBucketRateLimiterOptions Options(TokenBucketRateLimiter limiter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = OptionsField)]
    private static extern ref FixedWindowRateLimiterOptions Options(FixedWindowRateLimiter limiter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = OptionsField)]
    private static extern ref SlidingWindowRateLimiterOptions Options(SlidingWindowRateLimiter limiter);
}
