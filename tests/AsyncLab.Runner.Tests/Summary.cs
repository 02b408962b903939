using System.Text.RegularExpressions;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// A timeline summary line as printed or displayed, to its last part:
/// "10 tasks · makespan 4.00 s · peak concurrency 3 · ideal 4.00 s · 3 faulted".
/// </summary>
internal sealed partial record Summary(string Line, int Tasks, int Peak)
{
    /// <summary>
    /// The prefix of a golden line for a lab that opts out of virtual time on purpose (<c>new Lab(virtualTime: false)</c>):
    /// only its task count and peak are compared (see tests/AsyncLab.Lessons.Tests/Golden/README.md).
    /// </summary>
    public const string RealTimePrefix = "real time: ";

    /// <summary>Every summary line in <paramref name="text"/>, in order.</summary>
    public static IEnumerable<Summary> Parse(string text) =>
        Pattern().Matches(text).Select(m => new Summary(
            m.Value,
            int.Parse(m.Groups["tasks"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups["peak"].Value, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// The reviewed lines a lesson shows in virtual time, one per displayed timeline, in order: the golden file the
    /// lesson tests use (tests/AsyncLab.Lessons.Tests/Golden/&lt;lesson&gt;.txt), without notes and blank lines.
    /// </summary>
    public static IReadOnlyList<string> Golden(string lesson) =>
        File.ReadAllLines(GoldenPath(lesson))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();

    /// <summary>The golden file of a lesson given relative to notebooks/.</summary>
    public static string GoldenPath(string lesson) =>
        Path.Combine(Repo.Root, "tests", "AsyncLab.Lessons.Tests", "Golden", Path.ChangeExtension(lesson, ".txt"));

    /// <summary>This line in the form <paramref name="golden"/> takes: the whole line, or counts only for real time.</summary>
    public string ComparedWith(string golden) =>
        golden.StartsWith(RealTimePrefix, StringComparison.Ordinal)
            ? $"{RealTimePrefix}{Tasks} {(Tasks == 1 ? "task" : "tasks")} · peak concurrency {Peak}"
            : Line;

    /// <summary>The lines of <paramref name="shown"/> in the form the golden lines take, index by index.</summary>
    public static string[] Compared(IReadOnlyList<Summary> shown, IReadOnlyList<string> golden) =>
        shown.Select((s, i) => i < golden.Count ? s.ComparedWith(golden[i]) : s.Line).ToArray();

    [GeneratedRegex(@"(?<tasks>\d+) tasks? · makespan \d+\.\d\d s · peak concurrency (?<peak>\d+)( · ideal \d+\.\d\d s)?( · \d+ faulted)?( · \d+ canceled)?")]
    private static partial Regex Pattern();
}
