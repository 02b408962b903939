using System.Globalization;

namespace AsyncLab;

/// <summary>
/// One instant of a replay and what happened at it, in words: <c>0.50 s: fetch 3 waits for gate; fetch 0 releases gate</c>.
/// </summary>
/// <param name="Time">When, from the start of the run.</param>
/// <param name="Text">What happened, phrases separated by "; ", without the time.</param>
public readonly record struct ReplayMoment(TimeSpan Time, string Text)
{
    /// <summary>The time in seconds (two decimals, or three when the time needs them) and the text.</summary>
    public override string ToString() => $"{FormatTime(Time)}: {Text}";

    /// <summary><c>0.50 s</c>, <c>1.25 s</c>, <c>0.505 s</c>: two decimals unless a third one is needed.</summary>
    internal static string FormatTime(TimeSpan time) =>
        time.TotalSeconds.ToString("0.00#", CultureInfo.InvariantCulture) + " s";
}
