using System.Globalization;
using System.Threading.RateLimiting;

namespace AsyncLab.Resources;

/// <summary>
/// Checks a limiter's options once, before the limiter is made, and lists every mistake with what to write instead
/// (the limiters' own constructors stop at the first and name only the property).
/// </summary>
internal static class OptionsCheck
{
    public static void Validate(TokenBucketRateLimiterOptions options)
    {
        var errors = new List<string>();
        AtLeastOne(errors, nameof(options.TokenLimit), options.TokenLimit, "the most tokens the bucket holds, its burst");
        AtLeastOne(errors, nameof(options.TokensPerPeriod), options.TokensPerPeriod, "the tokens added each period");
        Positive(errors, nameof(options.ReplenishmentPeriod), options.ReplenishmentPeriod, "how often tokens are added");
        QueueLimit(errors, options.QueueLimit);
        Throw(errors, "token bucket");
    }

    public static void Validate(FixedWindowRateLimiterOptions options)
    {
        var errors = new List<string>();
        AtLeastOne(errors, nameof(options.PermitLimit), options.PermitLimit, "the requests allowed in one window");
        Positive(errors, nameof(options.Window), options.Window, "how long one window lasts");
        QueueLimit(errors, options.QueueLimit);
        Throw(errors, "fixed window");
    }

    public static void Validate(SlidingWindowRateLimiterOptions options)
    {
        var errors = new List<string>();
        AtLeastOne(errors, nameof(options.PermitLimit), options.PermitLimit, "the requests allowed in any one window");
        Positive(errors, nameof(options.Window), options.Window, "how long one window lasts");
        if (options.SegmentsPerWindow < 1)
        {
            errors.Add(Invariant($"SegmentsPerWindow is {options.SegmentsPerWindow}; it must be at least 1: how many steps the window slides by, such as SegmentsPerWindow = 2."));
        }
        else if (options.Window > TimeSpan.Zero && options.Window.Ticks / options.SegmentsPerWindow < 1)
        {
            // The limiter itself accepts this and then replenishes every 0 ticks; the lab's clock would never move on.
            errors.Add(Invariant($"Window / SegmentsPerWindow is shorter than one tick (100 ns): {options.Window} cut into {options.SegmentsPerWindow} segments. Use fewer segments or a longer window."));
        }
        QueueLimit(errors, options.QueueLimit);
        Throw(errors, "sliding window");
    }

    private static void AtLeastOne(List<string> errors, string property, int value, string meaning)
    {
        if (value < 1)
        {
            errors.Add(Invariant($"{property} is {value}; it must be at least 1: {meaning}, such as {property} = 5."));
        }
    }

    private static void Positive(List<string> errors, string property, TimeSpan value, string meaning)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"{property} is {value}; it must be longer than zero: {meaning}, such as {property} = TimeSpan.FromSeconds(1)."));
        }
    }

    private static void QueueLimit(List<string> errors, int value)
    {
        if (value < 0)
        {
            errors.Add(Invariant($"QueueLimit is {value}; it must be 0 (turn requests away when no permit is left) or more (how many permits may wait), such as QueueLimit = 20."));
        }
    }

    private static void Throw(List<string> errors, string kind)
    {
        if (errors.Count == 1)
        {
            throw new ArgumentException($"The {kind} options are not valid: {errors[0]}", "options");
        }
        if (errors.Count > 1)
        {
            throw new ArgumentException($"The {kind} options are not valid:\n- {string.Join("\n- ", errors)}", "options");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
