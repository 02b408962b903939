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
        var loadAtStart = MachineLoad.Average();
        Console.WriteLine($"Lessons on the notebook kernel in real time; lesson time is the cells after setup (budget {Budget.TotalSeconds:0} s).");
        Console.WriteLine("Each lesson runs twice in one fresh kernel: fresh is the first pass, warm the second; first chart is kernel start to the end of the first cell that shows a timeline.");
        Console.WriteLine($"Load     {loadAtStart} (1, 5, 15 min) at the start");
        var allWithin = true;
        var rows = new List<string>();
        foreach (var lesson in lessons)
        {
            // VirtualTime = false starts the kernel on the real clock whatever this process's ASYNCLAB_TIME says.
            var run = await NotebookExecutor.RunAsync(lesson, new ExecutorOptions { VirtualTime = false, RunTwice = true, CellTimeout = TimeSpan.FromMinutes(10) });
            var cells = run.CodeCells.Where(c => !LessonRules.IsSetupCell(c.Code)).ToArray();
            var time = cells.Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
            var warm = run.SecondPass.Where(c => !LessonRules.IsSetupCell(c.Code)).Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
            var firstChart = FirstChart(run);
            var status = !run.Succeeded ? "FAILED: " + run.Describe()?.Split('\n')[0]
                : time < Budget ? "within budget"
                : "OVER BUDGET";
            allWithin &= run.Succeeded && time < Budget;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name,-34} {cells.Length,3} cells {time.TotalSeconds,7:0.0} s fresh {warm.TotalSeconds,6:0.0} s warm  first chart {Seconds(firstChart)}  (whole run {run.Duration.TotalSeconds:0.0} s)  {status}"));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | {cells.Length} | {time.TotalSeconds:0.0} s | {(run.SecondPass.Count == 0 ? "-" : $"{warm.TotalSeconds:0.0} s")} | {Seconds(firstChart)} | {status} |"));
            foreach (var cell in cells)
            {
                foreach (var summary in SummaryLine().Matches(cell.Text).Select(m => m.Value).Distinct())
                {
                    Console.WriteLine($"    cell {cell.Number,2}: {summary}{Ratio(summary)}");
                }
            }
        }
        var loadAtEnd = MachineLoad.Average();
        Console.WriteLine($"Load     {loadAtEnd} (1, 5, 15 min) at the end; {loadAtStart} at the start");
        ResultsFile.WriteSection("lessons", new System.Text.StringBuilder()
            .AppendLine("## Notebook cost")
            .AppendLine()
            .AppendLine($"Written by `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- lessons{(names.Length == 0 ? "" : " " + string.Join(' ', names))}` " +
                "(every lesson, or those named). Real time, through the runner's executor, each lesson run twice in one fresh kernel. " +
                "Fresh and warm: the cells after the two setup cells on the first and the second pass (a lesson's budget is 30 s). " +
                "First chart: from starting the kernel to the end of the first cell that shows a timeline, setup included.")
            .AppendLine()
            .AppendLine($"Load {loadAtStart} at the start, {loadAtEnd} at the end (1, 5, 15 min); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.")
            .AppendLine()
            .AppendLine("| lesson | cells | fresh | warm | first chart | status |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | --- |")
            .AppendJoin("\n", rows)
            .AppendLine()
            .ToString());
        Console.WriteLine("Wrote the \"Notebook cost\" section of tests/AsyncLab.Benchmarks/RESULTS.md.");
        return allWithin ? 0 : 1;
    }

    /// <summary>
    /// Kernel start to the end of the first cell whose output holds a timeline chart: the run's time before its first
    /// cell (kernel start), then every code cell of the first pass up to that one. Null when no cell shows a chart.
    /// </summary>
    private static TimeSpan? FirstChart(NotebookRun run)
    {
        var cells = run.CodeCells;
        var chart = cells.Select((cell, index) => (cell, index))
            .FirstOrDefault(p => p.cell.Outputs.Any(o => o["text/html"]?.Contains("asynclab-plot", StringComparison.Ordinal) == true));
        if (chart.cell is null)
        {
            return null;
        }
        var allCells = cells.Concat(run.SecondPass).Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
        var kernelStart = run.Duration - allCells;
        return kernelStart + cells.Take(chart.index + 1).Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
    }

    private static string Seconds(TimeSpan? time) =>
        time is { } t ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "no chart";

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
