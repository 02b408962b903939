using System.Globalization;
using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;

namespace AsyncLab.Benchmarks;

/// <summary>
/// Every lesson on the pinned notebook kernel in real time, as a learner runs it: the time of the cells after the two
/// setup cells against the 30 s a lesson may take, and each displayed timeline's makespan against its ideal. The lesson
/// tests run in virtual time and no longer look at the wall clock; this is where it is looked at.
/// </summary>
internal static partial class LessonBenchmark
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    public static async Task<int> Run(string[] names)
    {
        var folder = Path.Combine(RepoRoot(), "notebooks");
        var lessons = Directory.EnumerateFiles(folder, "*.dib")
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Where(f => names.Length == 0 || names.Any(n => Path.GetFileName(f).Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (lessons.Length == 0)
        {
            throw new ArgumentException($"no lesson in {folder} matches {string.Join(", ", names)}");
        }
        Console.WriteLine($"Lessons on the notebook kernel in real time; lesson time is the cells after setup (budget {Budget.TotalSeconds:0} s).");
        var allWithin = true;
        foreach (var lesson in lessons)
        {
            // VirtualTime = false starts the kernel on the real clock whatever this process's ASYNCLAB_TIME says.
            var run = await NotebookExecutor.RunAsync(lesson, new ExecutorOptions { VirtualTime = false, CellTimeout = TimeSpan.FromMinutes(10) });
            var cells = run.CodeCells.Where(c => !LessonRules.IsSetupCell(c.Code)).ToArray();
            var time = cells.Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
            var status = !run.Succeeded ? "FAILED: " + run.Describe()?.Split('\n')[0]
                : time < Budget ? "within budget"
                : "OVER BUDGET";
            allWithin &= run.Succeeded && time < Budget;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name,-34} {cells.Length,3} cells {time.TotalSeconds,7:0.0} s  (whole run {run.Duration.TotalSeconds:0.0} s)  {status}"));
            foreach (var cell in cells)
            {
                foreach (var summary in SummaryLine().Matches(cell.Text).Select(m => m.Value).Distinct())
                {
                    Console.WriteLine($"    cell {cell.Number,2}: {summary}{Ratio(summary)}");
                }
            }
        }
        return allWithin ? 0 : 1;
    }

    /// <summary>"   makespan/ideal 1.004" for a summary line with an ideal, else nothing.</summary>
    private static string Ratio(string summary)
    {
        var match = SummaryLine().Match(summary);
        if (!match.Groups["ideal"].Success)
        {
            return "";
        }
        var makespan = double.Parse(match.Groups["makespan"].Value, CultureInfo.InvariantCulture);
        var ideal = double.Parse(match.Groups["ideal"].Value, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"   makespan/ideal {makespan / ideal:0.000}");
    }

    public static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AsyncLab.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new ArgumentException("AsyncLab.slnx not found above the current folder; run from the repository");
    }

    [GeneratedRegex(@"\d+ tasks? · makespan (?<makespan>\d+\.\d\d) s · peak concurrency \d+( · ideal (?<ideal>\d+\.\d\d) s)?( · \d+ faulted)?( · \d+ canceled)?")]
    private static partial Regex SummaryLine();
}
