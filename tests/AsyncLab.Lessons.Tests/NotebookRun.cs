using System.Globalization;
using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>A notebook after one run: its code cells with outputs, and how long the run took.</summary>
internal sealed partial class NotebookRun(IReadOnlyList<ExecutedCell> cells, IReadOnlyList<ExecutedCell> secondPass, TimeSpan elapsed, string log)
{
    /// <summary>The code cells, in order.</summary>
    public IReadOnlyList<ExecutedCell> Cells { get; } = cells;

    /// <summary>The code cells of the second pass in the same kernel (empty when the notebook ran once).</summary>
    public IReadOnlyList<ExecutedCell> SecondPass { get; } = secondPass;

    /// <summary>Wall time of the whole run, kernel start included.</summary>
    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>Time the cells after the two setup cells took in the first pass: what a learner waits for once set up.</summary>
    public TimeSpan? LessonTime => Cells.Skip(2).Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);

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

    /// <summary>The summary lines a cell displayed, parsed.</summary>
    public static IReadOnlyList<Summary> Summaries(ExecutedCell cell) =>
        SummaryLine().Matches(cell.Text).Select(m => new Summary(
            m.Value,
            int.Parse(m.Groups["tasks"].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups["makespan"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["peak"].Value, CultureInfo.InvariantCulture),
            m.Groups["ideal"].Success ? double.Parse(m.Groups["ideal"].Value, CultureInfo.InvariantCulture) : null))
        .DistinctBy(s => s.Line)
        .ToArray();

    [GeneratedRegex(@"(?<tasks>\d+) tasks? · makespan (?<makespan>[\d.]+) s · peak concurrency (?<peak>\d+)( · ideal (?<ideal>[\d.]+) s)?")]
    private static partial Regex SummaryLine();
}

/// <summary>A parsed summary line.</summary>
internal sealed record Summary(string Line, int Tasks, double Makespan, int Peak, double? Ideal);
