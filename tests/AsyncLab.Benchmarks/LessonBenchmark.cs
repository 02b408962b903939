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
    public const string Command = "lessons";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A kernel in the fresh clone builds the helpers with these, so that no MSBuild node or compiler server outlives
    /// the build (they would hold files of a clone that is about to be deleted); a first build starts them cold anyway.
    /// </summary>
    private static readonly Dictionary<string, string> NoBuildServers = new(StringComparer.Ordinal)
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };

    public static async Task<int> Run(string[] args)
    {
        var cold = false;
        foreach (var option in args.Where(a => a.StartsWith('-')))
        {
            cold = option == "--cold"
                ? true
                : throw new ArgumentException($"unknown option '{option}' for lessons; use --cold (first also time each lesson in a fresh clone) and lesson names such as 00 01");
        }
        var names = args.Where(a => !a.StartsWith('-')).ToArray();
        var folder = Path.Combine(RepoRoot(), "notebooks");
        var lessons = Directory.EnumerateFiles(folder, "*.dib")
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Where(f => names.Length == 0 || names.Any(n => Path.GetFileName(f).Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (lessons.Length == 0)
        {
            throw new ArgumentException($"no lesson in {folder} matches {string.Join(", ", names)}; give part of a lesson's file name, such as 00 or fan-out");
        }
        var loadAtStart = MachineLoad.Average();
        Console.WriteLine($"Lessons on the notebook kernel in real time; lesson time is the cells after setup (budget {Budget.TotalSeconds:0} s).");
        Console.WriteLine("Each lesson runs twice in one fresh kernel: fresh is the first pass, warm the second; first chart is kernel start to the end of the first cell that shows a timeline.");
        Console.WriteLine($"Load     {loadAtStart} (1, 5, 15 min) at the start");

        var coldTimes = new Dictionary<string, string>(StringComparer.Ordinal);
        var nugetCache = "";
        if (cold)
        {
            // After a kernel run is stopped halfway, text written to Console.Error no longer arrives (seen on .NET 10);
            // this writer, taken before any kernel ran, still reaches stderr.
            var errors = Console.Error;
            using var stop = new CancellationTokenSource();
            // The signal handlers only ask to stop: the run then unwinds on its own threads, deleting the clone.
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                _ = stop.CancelAsync();
            };
            Console.CancelKeyPress += onCancel;
            using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    _ = stop.CancelAsync();
                });
            try
            {
                nugetCache = await ColdRuns(lessons, coldTimes, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                errors.WriteLine("lessons --cold: stopped; the clone was deleted and nothing is written.");
                return 130;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        var allWithin = true;
        var rows = new List<string>();
        foreach (var lesson in lessons)
        {
            // VirtualTime = false starts the kernel on the real clock whatever this process's ASYNCLAB_TIME says.
            var run = await NotebookExecutor.RunAsync(lesson, new ExecutorOptions { VirtualTime = false, RunTwice = true, CellTimeout = TimeSpan.FromMinutes(10) });
            var measured = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load {MachineLoad.Average().Split(' ')[0]}");
            var cells = run.CodeCells.Where(c => !LessonRules.IsSetupCell(c.Code)).ToArray();
            var time = cells.Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
            var warm = run.SecondPass.Where(c => !LessonRules.IsSetupCell(c.Code)).Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
            var firstPass = run.Duration - run.SecondPass.Aggregate(TimeSpan.Zero, (sum, cell) => sum + cell.Duration);
            var firstChart = FirstChart(run);
            var status = !run.Succeeded ? "FAILED: " + run.Describe()?.Split('\n')[0]
                : time < Budget ? "within budget"
                : "OVER BUDGET";
            allWithin &= run.Succeeded && time < Budget;
            var coldTime = coldTimes.GetValueOrDefault(run.Name, "-");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name,-34} {cells.Length,3} cells {time.TotalSeconds,7:0.0} s fresh {warm.TotalSeconds,6:0.0} s warm  first chart {Seconds(firstChart)}  (first pass {firstPass.TotalSeconds:0.0} s; cold {coldTime})  {status}"));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | {cells.Length} | {coldTime} | {firstPass.TotalSeconds:0.0} s | {time.TotalSeconds:0.0} s | {(run.SecondPass.Count == 0 ? "-" : $"{warm.TotalSeconds:0.0} s")} | {Seconds(firstChart)} | {status} | {measured} |"));
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
        WriteSection(rows, loadAtStart, loadAtEnd, nugetCache);
        ReadmeTables.Write();
        Console.WriteLine("Wrote the \"Notebook cost\" section of tests/AsyncLab.Benchmarks/RESULTS.md and the README's time per lesson.");
        return allWithin ? 0 : 1;
    }

    /// <summary>
    /// Clones this checkout's HEAD into a temporary folder, runs each lesson once there in a fresh kernel, in order (so
    /// the first pays for building the helpers), and deletes the clone whatever happens. Returns whether the NuGet
    /// cache was warm (the runs added nothing to it); fills <paramref name="times"/> with each lesson's first run, kernel start to its last cell.
    /// </summary>
    private static async Task<string> ColdRuns(string[] lessons, Dictionary<string, string> times, CancellationToken stop)
    {
        var root = RepoRoot();
        var head = (await Git(root, ["rev-parse", "HEAD"], stop)).Trim();
        if ((await Git(root, ["status", "--porcelain", "--untracked-files=no"], stop)).Trim().Length > 0)
        {
            Console.WriteLine("note: this checkout has uncommitted changes; the fresh clone has HEAD only, without them.");
        }
        var before = NuGetCache();
        var folder = Directory.CreateTempSubdirectory("asynclab-cold-");
        try
        {
            var clone = Path.Combine(folder.FullName, "AsyncLab");
            Console.WriteLine($"Cold: a fresh clone of {head[..12]} in {clone}; the NuGet cache {before.Folder} holds {before.Versions.Count} package versions.");
            await Git(root, ["clone", "--quiet", "--no-checkout", root, clone], stop);
            await Git(clone, ["checkout", "--quiet", "--detach", head], stop);
            var first = true;
            foreach (var lesson in lessons)
            {
                var path = Path.Combine(clone, "notebooks", Path.GetFileName(lesson));
                var run = await NotebookExecutor.RunAsync(path,
                    new ExecutorOptions { VirtualTime = false, CellTimeout = TimeSpan.FromMinutes(10), Environment = NoBuildServers }, stop);
                // A run canceled inside a cell reports the cell as failed rather than throwing; this stops the rest.
                stop.ThrowIfCancellationRequested();
                var text = string.Create(CultureInfo.InvariantCulture, $"{run.Duration.TotalSeconds:0.0} s") +
                    (first ? ", helpers built" : "") + (run.Succeeded ? "" : ", FAILED");
                times[run.Name] = text;
                Console.WriteLine($"{run.Name,-34} cold {text}{(run.Succeeded ? "" : ": " + run.Describe()?.Split('\n')[0])}");
                first = false;
            }
        }
        finally
        {
            DeleteFolder(folder);
        }
        var added = NuGetCache().Versions.Except(before.Versions).Order(StringComparer.Ordinal).ToList();
        var nugetCache = added.Count == 0
            ? $"the NuGet cache was warm: the cold runs downloaded no package into {before.Folder}"
            : $"the NuGet cache was cold for {added.Count} package versions, which the cold runs downloaded ({string.Join(", ", added.Take(5))}{(added.Count > 5 ? ", ..." : "")})";
        Console.WriteLine($"Cold runs done and the clone deleted; {nugetCache}.");
        return nugetCache;
    }

    /// <summary>The NuGet cache's package versions ("id/version"): the cold runs compare it before and after.</summary>
    private static (string Folder, HashSet<string> Versions) NuGetCache()
    {
        var folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var versions = Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).SelectMany(Directory.EnumerateDirectories).Select(v => Path.GetRelativePath(folder, v)).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        return (folder, versions);
    }

    private static async Task<string> Git(string folder, string[] arguments, CancellationToken stop)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git did not start; install git to time lessons in a fresh clone");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await error).Trim()}");
    }

    /// <summary>Deletes the clone; Git marks its object files read-only, which stops a delete on Windows, so that goes first.</summary>
    private static void DeleteFolder(DirectoryInfo folder)
    {
        if (!folder.Exists)
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                file.Attributes &= ~FileAttributes.ReadOnly;
            }
        }
        folder.Delete(recursive: true);
    }

    /// <summary>
    /// Replaces the rows of the lessons just measured in the "Notebook cost" section and keeps the others (each row
    /// says when it was measured), so timing one lesson does not drop the rest.
    /// </summary>
    private static void WriteSection(List<string> rows, string loadAtStart, string loadAtEnd, string nugetCache)
    {
        var measuredNow = rows.Select(r => r.Split('|')[1].Trim()).ToHashSet(StringComparer.Ordinal);
        var old = File.Exists(ResultsFile.Path) ? ResultsFile.ReadSection(File.ReadAllText(ResultsFile.Path).ReplaceLineEndings("\n"), Command) : null;
        var kept = old is null ? [] : ReadmeTables.Table(old).Where(r => !measuredNow.Contains(r["lesson"])).Select(r => OldRow(r, old)).ToList();
        var all = rows.Concat(kept).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var nugetNote = nugetCache.Length > 0 ? $" In the latest cold run {nugetCache}." : "";
        ResultsFile.WriteSection(Command, new System.Text.StringBuilder()
            .AppendLine("## Notebook cost")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- lessons [--cold] [lesson ...]`; " +
                "a run replaces the rows of the lessons it measured and keeps the others. Real time, through the runner's executor. " +
                "Cold run: the lesson's first run in a fresh clone of HEAD (`--cold`), from starting the kernel to the end of its last cell, setup included; " +
                "the lessons run there in order and the first one builds the helpers (the kernel's build without MSBuild node reuse or compiler server, so nothing outlives the clone). " +
                "Then each lesson runs twice in one fresh kernel of this checkout, helpers already built: fresh run is its first pass measured the same way; " +
                "fresh and warm cells are the cells after the two setup cells on the first and the second pass (a lesson's budget is 30 s). " +
                "First chart: from starting the kernel to the end of the first cell that shows a timeline, setup included." + nugetNote)
            .AppendLine()
            .AppendLine($"Load {loadAtStart} at the start, {loadAtEnd} at the end (1, 5, 15 min); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.")
            .AppendLine()
            .AppendLine("| " + string.Join(" | ", Columns) + " |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
            .AppendJoin("\n", all)
            .AppendLine()
            .ToString());
    }

    /// <summary>The columns of the "Notebook cost" table, in order.</summary>
    public static readonly string[] Columns = ["lesson", "cells", "cold run", "fresh run", "fresh cells", "warm cells", "first chart", "status", "measured"];

    /// <summary>A row kept from the section as it was, in the columns of today (an older section lacks some; they read "-").</summary>
    private static string OldRow(Dictionary<string, string> row, string section)
    {
        var cells = Normalized(row, section);
        return "| " + string.Join(" | ", Columns.Select(c => cells[c])) + " |";
    }

    /// <summary>
    /// A row of the "Notebook cost" table with every column of today: a section written before the cold run had
    /// "fresh" and "warm" for the cells and one date for all rows (its conditions line), which fill in here.
    /// </summary>
    public static Dictionary<string, string> Normalized(Dictionary<string, string> row, string section)
    {
        string Cell(string name, string? older = null) =>
            row.TryGetValue(name, out var value) || (older is not null && row.TryGetValue(older, out value)) ? value : "-";
        var cells = Columns.ToDictionary(c => c, c => c switch { "fresh cells" => Cell(c, "fresh"), "warm cells" => Cell(c, "warm"), _ => Cell(c) }, StringComparer.Ordinal);
        if (cells["measured"] == "-" && OldConditions().Match(section) is { Success: true } conditions)
        {
            cells["measured"] = $"{conditions.Groups["date"].Value} UTC, load {conditions.Groups["load"].Value}";
        }
        return cells;
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

    /// <summary>The conditions line of a section: the 1-minute load at the end and the date.</summary>
    [GeneratedRegex(@", (?<load>\d+(\.\d+)?)[\d. ]* at the end \(1, 5, 15 min\); (?<date>\d{4}-\d\d-\d\d \d\d:\d\d) UTC")]
    private static partial Regex OldConditions();

    [GeneratedRegex(@"\d+ tasks? · makespan (?<makespan>\d+\.\d\d) s · peak concurrency \d+( · ideal (?<ideal>\d+\.\d\d) s)?( · \d+ faulted)?( · \d+ canceled)?")]
    private static partial Regex SummaryLine();
}
