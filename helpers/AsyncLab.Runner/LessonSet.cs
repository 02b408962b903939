using System.Text.RegularExpressions;

namespace AsyncLab.Runner;

/// <summary>Finds the lesson notebooks to run: notebooks/*.dib (and solutions/ when asked), filtered by name or glob.</summary>
internal static class LessonSet
{
    /// <summary>The matching .dib files, lessons first then solutions, each sorted by name.</summary>
    public static IReadOnlyList<string> Find(string folder, IReadOnlyList<string> patterns, bool includeSolutions)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"The notebooks folder '{folder}' does not exist.");
        }
        var files = Visible(folder).ToList();
        var solutions = Path.Combine(folder, "solutions");
        if (includeSolutions && Directory.Exists(solutions))
        {
            files.AddRange(Visible(solutions));
        }
        var chosen = files.Where(f => patterns.Count == 0 || patterns.Any(p => Matches(f, p))).ToList();
        if (chosen.Count == 0)
        {
            throw new ArgumentException(patterns.Count == 0
                ? $"No notebooks (*.dib) in '{folder}'."
                : $"No notebook in '{folder}' matches {string.Join(", ", patterns.Select(p => $"'{p}'"))}.");
        }
        return chosen;
    }

    private static IEnumerable<string> Visible(string folder) =>
        Directory.EnumerateFiles(folder, "*.dib")
            .Where(f => !Path.GetFileName(f).StartsWith('.')) // editors' and tests' scratch copies
            .Order(StringComparer.Ordinal);

    private static bool Matches(string file, string pattern)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        pattern = Path.GetFileNameWithoutExtension(pattern);
        if (pattern.Contains('*') || pattern.Contains('?'))
        {
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            return Regex.IsMatch(name, regex, RegexOptions.IgnoreCase);
        }
        return name.Equals(pattern, StringComparison.OrdinalIgnoreCase) || name.StartsWith(pattern + "-", StringComparison.OrdinalIgnoreCase);
    }
}
