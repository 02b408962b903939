using System.Globalization;
using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>A notebook after one run: its code cells with outputs, in both passes.</summary>
internal sealed partial class NotebookRun(IReadOnlyList<ExecutedCell> cells, IReadOnlyList<ExecutedCell> secondPass, string log)
{
    /// <summary>The code cells, in order.</summary>
    public IReadOnlyList<ExecutedCell> Cells { get; } = cells;

    /// <summary>The code cells of the second pass in the same kernel (empty when the notebook ran once).</summary>
    public IReadOnlyList<ExecutedCell> SecondPass { get; } = secondPass;

    /// <summary>The runner's description of the first problem, or empty (for failure messages).</summary>
    public string Log { get; } = log;

    /// <summary>The first cell whose code contains <paramref name="fragment"/>.</summary>
    public ExecutedCell Cell(string fragment) => Find(Cells, fragment);

    /// <summary>The same cell in the second pass.</summary>
    public ExecutedCell SecondRun(string fragment) => Find(SecondPass, fragment);

    private static ExecutedCell Find(IReadOnlyList<ExecutedCell> cells, string fragment) =>
        cells.FirstOrDefault(c => c.Code.Contains(fragment, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"no code cell contains '{fragment}'");

    /// <summary>The verdict line a self-check cell displayed for <paramref name="exercise"/>, e.g. "✓ Exercise 1: all checks pass".</summary>
    public string Verdict(string exercise)
    {
        // The hint runs to the end of its sentence; rich displays may put more text on the same line.
        var pattern = new Regex($@"[✓✗] {Regex.Escape(exercise)}(: all checks pass| · hint: [^\n]*?[.?!](?=\s|$))");
        foreach (var cell in Cells)
        {
            var match = pattern.Match(cell.Text);
            if (match.Success)
            {
                return match.Value.Trim();
            }
        }
        throw new InvalidOperationException($"no self-check output for {exercise}. {Log}");
    }

    /// <summary>
    /// The summary lines a cell displayed, parsed, each once (a display carries the same line in several formats).
    /// The line runs to its last part: ideal, faulted and canceled counts included.
    /// </summary>
    public static IReadOnlyList<Summary> Summaries(ExecutedCell cell) =>
        SummaryLine().Matches(cell.Text).Select(m => new Summary(
            m.Value,
            int.Parse(m.Groups["tasks"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["peak"].Value, CultureInfo.InvariantCulture)))
        .DistinctBy(s => s.Line)
        .ToArray();

    /// <summary>The lines of a cell's text that are not blank, without trailing spaces.</summary>
    public static List<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0).ToList();

    [GeneratedRegex(@"(?<tasks>\d+) tasks? · makespan \d+\.\d\d s · peak concurrency (?<peak>\d+)( · ideal \d+\.\d\d s)?( · \d+ faulted)?( · \d+ canceled)?")]
    private static partial Regex SummaryLine();
}

/// <summary>A parsed summary line: the whole line as shown, its task count and its peak concurrency.</summary>
internal sealed record Summary(string Line, int Tasks, int Peak);
