using System.Text.RegularExpressions;

namespace AsyncLab.Environment.Tests;

/// <summary>
/// The summary lines a lesson's charts show ("5 tasks · makespan 1.00 s · ..."), and the reviewed ones it must show in
/// virtual time: tests/AsyncLab.Lessons.Tests/Golden/&lt;lesson&gt;.txt.
/// </summary>
internal static partial class LessonSummaries
{
    /// <summary>The golden lines of a lesson, without notes and blank lines.</summary>
    public static string[] Golden(string lesson) =>
        [.. File.ReadAllLines(RepoFiles.PathOf($"tests/AsyncLab.Lessons.Tests/Golden/{lesson}.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))];

    /// <summary>The summary lines in one cell's outputs, each once (a chart shows its line as text and as HTML).</summary>
    public static IEnumerable<string> In(string cellText) =>
        SummaryLine().Matches(cellText).Select(m => m.Value).Distinct();

    /// <summary>Every summary line of a program's output, in order (an app prints each chart's line once).</summary>
    public static IEnumerable<string> InOrder(string output) => SummaryLine().Matches(output).Select(m => m.Value);

    /// <summary>
    /// The summary lines of real-time charts as the golden files compare them: "real time: 100 tasks · peak concurrency 10"
    /// (a real-time makespan differs from run to run, so it is left out).
    /// </summary>
    public static IEnumerable<string> InRealTime(string output) =>
        SummaryLine().Matches(output).Select(m => RealTimePart().Match(m.Value)).Select(m => $"real time: {m.Groups[1].Value} · {m.Groups[2].Value}");

    [GeneratedRegex(@"^(\d+ tasks?) · makespan \d+\.\d\d s · (peak concurrency \d+)")]
    private static partial Regex RealTimePart();

    [GeneratedRegex(@"\d+ tasks? · makespan \d+\.\d\d s · peak concurrency \d+( · ideal \d+\.\d\d s)?( · \d+ faulted)?( · \d+ canceled)?")]
    private static partial Regex SummaryLine();
}
