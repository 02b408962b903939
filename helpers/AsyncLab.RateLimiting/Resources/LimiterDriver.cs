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
    public static LimiterDriver For(ReplenishingRateLimiter limiter, string paramName) => limiter switch
    {
        TokenBucketRateLimiter bucket => new TokenBucketDriver(bucket, paramName),
        FixedWindowRateLimiter window => new FixedWindowDriver(window, paramName),
        SlidingWindowRateLimiter window => new SlidingWindowDriver(window, paramName),
        _ => new PublicDriver(limiter),
    };

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
        var found = type.GetMethod("ReplenishInternal", Private, [typeof(long)]) is not null
            && type.GetField("_lastReplenishmentTick", Private)?.FieldType == typeof(long)
            && type.GetField("_options", Private) is not null;
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

    private sealed class TokenBucketDriver : LimiterDriver
    {
        private readonly TokenBucketRateLimiter _limiter;
        private readonly long _step;

        public TokenBucketDriver(TokenBucketRateLimiter limiter, string paramName)
        {
            RequireMembers(typeof(TokenBucketRateLimiter), paramName);
            _limiter = limiter;
            var options = Options(limiter);
            Capacity = options.TokenLimit;
            // The bucket adds TokensPerPeriod / period.Ticks * elapsed.Ticks, in double arithmetic. For some pairs
            // (21 tokens a second) one exact period gives 20.999..., which the bucket shows as 20: one tick more
            // makes it at least TokensPerPeriod, a few millionths of a token over at most (the bucket caps it).
            var period = options.ReplenishmentPeriod.Ticks;
            var rate = (double)options.TokensPerPeriod / period;
            _step = StopwatchStep(rate * period >= options.TokensPerPeriod ? period : period + 1);
        }

        public override int Capacity { get; }

        public override void ReplenishOnePeriod() => Replenish(_limiter, LastReplenishment(_limiter) + _step);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ReplenishInternal")]
        private static extern void Replenish(TokenBucketRateLimiter limiter, long nowTicks);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lastReplenishmentTick")]
        private static extern ref long LastReplenishment(TokenBucketRateLimiter limiter);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_options")]
        private static extern ref TokenBucketRateLimiterOptions Options(TokenBucketRateLimiter limiter);
    }

    private sealed class FixedWindowDriver : LimiterDriver
    {
        private readonly FixedWindowRateLimiter _limiter;
        private readonly long _step;

        public FixedWindowDriver(FixedWindowRateLimiter limiter, string paramName)
        {
            RequireMembers(typeof(FixedWindowRateLimiter), paramName);
            _limiter = limiter;
            Capacity = Options(limiter).PermitLimit;
            _step = StopwatchStep(limiter.ReplenishmentPeriod.Ticks);
        }

        public override int Capacity { get; }

        public override void ReplenishOnePeriod() => Replenish(_limiter, LastReplenishment(_limiter) + _step);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ReplenishInternal")]
        private static extern void Replenish(FixedWindowRateLimiter limiter, long nowTicks);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lastReplenishmentTick")]
        private static extern ref long LastReplenishment(FixedWindowRateLimiter limiter);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_options")]
        private static extern ref FixedWindowRateLimiterOptions Options(FixedWindowRateLimiter limiter);
    }

    private sealed class SlidingWindowDriver : LimiterDriver
    {
        private readonly SlidingWindowRateLimiter _limiter;
        private readonly long _step;

        public SlidingWindowDriver(SlidingWindowRateLimiter limiter, string paramName)
        {
            RequireMembers(typeof(SlidingWindowRateLimiter), paramName);
            _limiter = limiter;
            Capacity = Options(limiter).PermitLimit;
            _step = StopwatchStep(limiter.ReplenishmentPeriod.Ticks);
        }

        public override int Capacity { get; }

        public override void ReplenishOnePeriod() => Replenish(_limiter, LastReplenishment(_limiter) + _step);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ReplenishInternal")]
        private static extern void Replenish(SlidingWindowRateLimiter limiter, long nowTicks);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lastReplenishmentTick")]
        private static extern ref long LastReplenishment(SlidingWindowRateLimiter limiter);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_options")]
        private static extern ref SlidingWindowRateLimiterOptions Options(SlidingWindowRateLimiter limiter);
    }

    /// <summary>A limiter of another kind: its own <c>TryReplenish</c> decides what one period does.</summary>
    private sealed class PublicDriver(ReplenishingRateLimiter limiter) : LimiterDriver
    {
        // Its limit is not known: the permits it has when the lab starts watching it count as full.
        public override int Capacity { get; } = (int)Math.Min(int.MaxValue, limiter.GetStatistics()!.CurrentAvailablePermits);

        public override void ReplenishOnePeriod() => limiter.TryReplenish();
    }
}
