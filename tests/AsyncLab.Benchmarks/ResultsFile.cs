namespace AsyncLab.Benchmarks;

/// <summary>
/// RESULTS.md is written whole by <c>compare</c>; other commands (<c>events</c>, <c>charts</c>, <c>lessons</c>, <c>all</c>) own one section each,
/// between their own marker comments, which they replace (or append) and which <c>compare</c> keeps at the end.
/// </summary>
internal static class ResultsFile
{
    public static string Path => System.IO.Path.Combine(LessonBenchmark.RepoRoot(), "tests", "AsyncLab.Benchmarks", "RESULTS.md");

    private static string Start(string command) => $"<!-- results:{command}:start (written by the `{command}` command; do not edit by hand) -->";

    private static string End(string command) => $"<!-- results:{command}:end -->";

    /// <summary>Puts <paramref name="body"/> between the command's markers in RESULTS.md: in place of the old section, or at the end.</summary>
    public static void WriteSection(string command, string body)
    {
        var text = File.Exists(Path) ? File.ReadAllText(Path) : "# Benchmark results\n";
        var section = $"{Start(command)}\n{body.TrimEnd('\n', '\r')}\n{End(command)}";
        var start = text.IndexOf(Start(command), StringComparison.Ordinal);
        var end = text.IndexOf(End(command), StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text[..start] + section + text[(end + End(command).Length)..]
            : text.TrimEnd('\n', '\r') + "\n\n" + section + "\n";
        File.WriteAllText(Path, text);
    }

    /// <summary>What <paramref name="command"/> last wrote between its markers in <paramref name="text"/>, or null when it has no section.</summary>
    public static string? ReadSection(string text, string command)
    {
        var start = text.IndexOf(Start(command), StringComparison.Ordinal);
        var end = text.IndexOf(End(command), StringComparison.Ordinal);
        return start >= 0 && end > start ? text[(start + Start(command).Length)..end].Trim('\n', '\r') : null;
    }

    /// <summary>The sections other commands wrote into <paramref name="text"/>, markers included, in file order.</summary>
    public static string OtherSections(string text)
    {
        var kept = new List<string>();
        var from = 0;
        while (true)
        {
            var start = text.IndexOf("<!-- results:", from, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }
            var command = text[(start + "<!-- results:".Length)..].Split(':', 2)[0];
            var end = text.IndexOf(End(command), start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            kept.Add(text[start..(end + End(command).Length)]);
            from = end + End(command).Length;
        }
        return string.Join("\n\n", kept);
    }
}
