namespace AsyncLab.Lessons.Tests;

/// <summary>
/// The reviewed summary lines a notebook shows in virtual time: Golden/&lt;notebook&gt;.txt, one line per displayed
/// timeline, in order (Golden/README.md explains the format). The figures come from reading the lesson's code and
/// from scenarios.md, never from the run under test.
/// </summary>
internal static class Golden
{
    /// <summary>
    /// The prefix of a line for a lab that opts out of virtual time on purpose (<c>new Lab(virtualTime: false)</c>):
    /// its makespan is the wall clock's, so only the task count and the peak are compared.
    /// </summary>
    public const string RealTimePrefix = "real time: ";

    /// <summary>The golden file of a notebook given relative to notebooks/, e.g. "solutions/00-start-here-solution.dib".</summary>
    public static string PathOf(string notebook) =>
        Path.Combine(RepoPaths.Root, "tests", "AsyncLab.Lessons.Tests", "Golden", Path.ChangeExtension(notebook, ".txt"));

    /// <summary>The golden lines of a notebook, without notes (lines starting with '#') and blank lines.</summary>
    public static IReadOnlyList<string> Lines(string notebook) =>
        File.ReadAllLines(PathOf(notebook))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();

    /// <summary>
    /// Asserts that <paramref name="cells"/> (one pass of <paramref name="notebook"/>) displayed exactly the golden lines,
    /// in order: the whole line for a virtual-time lab, tasks and peak for a line marked <see cref="RealTimePrefix"/>.
    /// </summary>
    public static void AssertShown(string notebook, IReadOnlyList<ExecutedCell> cells, string log)
    {
        var expected = Lines(notebook);
        var shown = cells.SelectMany(c => NotebookRun.Summaries(c).Select(s => (Cell: c.Number, Summary: s))).ToArray();
        var actual = shown.Select((s, i) => i < expected.Count ? Compared(s.Summary, expected[i]) : s.Summary.Line).ToArray();
        Assert.True(
            cells.Count > 0 && expected.SequenceEqual(actual, StringComparer.Ordinal),
            $"{notebook} does not show the lines of {Path.GetRelativePath(RepoPaths.Root, PathOf(notebook))}.\n" +
            $"expected:\n{string.Join("\n", expected.Select(l => "  " + l))}\n" +
            $"shown:\n{string.Join("\n", shown.Select((s, i) => $"  cell {s.Cell}: {actual[i]}"))}\n{log}");
    }

    /// <summary>A shown summary in the form its golden line takes: the whole line, or counts only for real time.</summary>
    private static string Compared(Summary shown, string golden) =>
        golden.StartsWith(RealTimePrefix, StringComparison.Ordinal)
            ? $"{RealTimePrefix}{shown.Tasks} {(shown.Tasks == 1 ? "task" : "tasks")} · peak concurrency {shown.Peak}"
            : shown.Line;
}
