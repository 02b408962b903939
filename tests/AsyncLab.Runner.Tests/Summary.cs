using System.Globalization;
using System.Text.RegularExpressions;

namespace AsyncLab.Runner.Tests;

/// <summary>A parsed timeline summary line: "5 tasks · makespan 1.00 s · peak concurrency 5 · ideal 1.00 s".</summary>
internal sealed partial record Summary(string Line, int Tasks, double Makespan, int Peak)
{
    /// <summary>Every summary line in <paramref name="text"/>, in order.</summary>
    public static IEnumerable<Summary> Parse(string text) =>
        Pattern().Matches(text).Select(m => new Summary(
            m.Value,
            int.Parse(m.Groups["tasks"].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups["makespan"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["peak"].Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"(?<tasks>\d+) tasks? · makespan (?<makespan>[\d.]+) s · peak concurrency (?<peak>\d+)")]
    private static partial Regex Pattern();
}
