using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AsyncLab.Benchmarks;

/// <summary>
/// The README's time and performance tables, made from RESULTS.md alone: the <c>compare</c> summary (copied), the
/// per-event table (from the <c>events</c> section) and the time per lesson (from the <c>lessons</c> section). Each sits
/// in the README between its own marker comments. The commands that measure call <see cref="Write"/>; the
/// <c>readme</c> command does the same without measuring, and <c>readme --check</c> exits 1 when the README differs.
/// </summary>
internal static partial class ReadmeTables
{
    /// <summary>The README's name for each lesson and how long it takes in class (our estimate; edit it here).</summary>
    private static readonly Dictionary<string, (string Title, string InClass)> Lessons = new(StringComparer.Ordinal)
    {
        ["00-start-here"] = ("00 · Start here", "30–40 min"),
        ["01-fan-out-whenall"] = ("01 · Fan out with Task.WhenAll", "40 min"),
        ["02-throttling-semaphore"] = ("02 · Throttle with SemaphoreSlim", "45 min"),
        ["03-producer-consumer-channels"] = ("03 · Producer and consumer with Channels", "45 min"),
        ["04-failures"] = ("04 · When tasks fail", "40 min"),
        ["05-cancellation-timeouts"] = ("05 · Cancellation and timeouts", "45 min"),
        ["06-as-completed"] = ("06 · Take results as they come", "40 min"),
        ["07-rate-limits"] = ("07 · Rate limits", "45 min"),
        ["08-backpressure-pipelines"] = ("08 · Backpressure and pipelines", "45 min"),
        ["09-capstone-crawler"] = ("09 · Capstone: a polite crawler (real time)", "45 min"),
        ["10-pitfalls-and-threads"] = ("10 · Pitfalls and threads", "45 min"),
    };

    private static string ReadmePath => Path.Combine(LessonBenchmark.RepoRoot(), "README.md");

    /// <summary>
    /// The <c>readme</c> command: <c>readme</c> rewrites the tables from RESULTS.md, <c>readme --check</c> only compares.
    /// <c>--readme=PATH</c> works on another copy of the README (a test gives it one with a table changed).
    /// </summary>
    public static int Run(string[] args)
    {
        var check = false;
        var path = ReadmePath;
        foreach (var arg in args)
        {
            if (arg == "--check")
            {
                check = true;
            }
            else if (arg.StartsWith("--readme=", StringComparison.Ordinal))
            {
                path = File.Exists(arg["--readme=".Length..])
                    ? arg["--readme=".Length..]
                    : throw new ArgumentException($"--readme: there is no file at '{arg["--readme=".Length..]}'; give the path of a README.md (or leave --readme out for the repository's)");
            }
            else
            {
                throw new ArgumentException($"unknown option '{arg}' for readme; use --check (compare only), --readme=PATH (another README) or nothing (rewrite the README's tables from RESULTS.md)");
            }
        }
        var name = Path.GetFileName(path);
        if (!check)
        {
            Write(path);
            Console.WriteLine($"Wrote the time and performance tables of {path} from tests/AsyncLab.Benchmarks/RESULTS.md.");
            return 0;
        }
        var readme = Read(path);
        var blocks = Blocks(Read(ResultsFile.Path));
        var stale = blocks.Where(b => Between(readme, b.Start, b.End) != b.Text).ToList();
        foreach (var block in stale)
        {
            Console.WriteLine(Between(readme, block.Start, block.End) is null
                ? $"{name} has no section {block.Start}: add that line and {block.End} where the table belongs, then run `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- readme`"
                : $"{name}: the section {block.Start} is not what RESULTS.md gives; run `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- readme` to rewrite it");
        }
        Console.WriteLine(stale.Count == 0
            ? $"All {blocks.Count} README tables ({string.Join(", ", blocks.Select(b => b.Name))}) match RESULTS.md."
            : $"{stale.Count} of {blocks.Count} README tables differ from RESULTS.md.");
        return stale.Count == 0 ? 0 : 1;
    }

    /// <summary>Rewrites every generated section of the README (or the one at <paramref name="path"/>) from RESULTS.md.</summary>
    public static void Write(string? path = null)
    {
        path ??= ReadmePath;
        var readme = Read(path);
        foreach (var block in Blocks(Read(ResultsFile.Path)))
        {
            var old = Between(readme, block.Start, block.End)
                ?? throw new InvalidOperationException($"{Path.GetFileName(path)} has no section {block.Start}: add that line and {block.End} where the table belongs");
            readme = readme.Replace(old, block.Text, StringComparison.Ordinal);
        }
        File.WriteAllText(path, readme);
    }

    /// <summary>Every README section RESULTS.md can give, markers included; a section whose results are missing is left out.</summary>
    public static IReadOnlyList<Block> Blocks(string results)
    {
        var blocks = new List<Block>();
        if (Between(results, ComparisonBenchmark.StartMarker, ComparisonBenchmark.EndMarker) is { } summary)
        {
            blocks.Add(new("compare", ComparisonBenchmark.StartMarker, ComparisonBenchmark.EndMarker, summary));
        }
        if (ResultsFile.ReadSection(results, EventBenchmark.Command) is { } events)
        {
            blocks.Add(Marked("events", EventsTable(events)));
        }
        if (ResultsFile.ReadSection(results, LessonBenchmark.Command) is { } lessons)
        {
            blocks.Add(Marked("lessons", LessonTable(lessons)));
        }
        return blocks;
    }

    private static string EventsTable(string section)
    {
        var measured = Measured(section);
        var rows = Table(section);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"What one recorded event costs, measured with BenchmarkDotNet on one thread (`events`) on {measured.Date}, {measured.Cores} cores, load average {measured.LoadAtStart} at the start:"));
        text.AppendLine();
        text.AppendLine("| operation | events | time per event | allocated per event | watched ÷ plain time |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var row in rows.Where(r => r["events"] != "0"))
        {
            var plain = EventBenchmark.PlainTwinOf(row["operation"]) is { } name ? rows.FirstOrDefault(r => r["operation"] == name) : null;
            var twin = plain is null
                ? "-"
                : $"{row["watched ÷ plain time"]} ({row["time"]} against {plain["time"]} unwatched)";
            text.AppendLine($"| {row["operation"]} | {row["events"]} | {row["time per event"]} | {row["allocated per event"]} | {twin} |");
        }
        return text.ToString();
    }

    private static string LessonTable(string section)
    {
        var rows = Table(section).Select(r => LessonBenchmark.Normalized(r, section)).ToList();
        var dates = rows.Select(r => MeasuredCell().Match(r["measured"])).Where(m => m.Success).ToList();
        var loads = dates.Select(m => double.Parse(m.Groups["load"].Value, CultureInfo.InvariantCulture)).ToList();
        var days = dates.Select(m => m.Groups["date"].Value[..10]).Distinct().Order(StringComparer.Ordinal).ToList();
        var cold = rows.Where(r => r["cold run"] != "-").ToList();
        var text = new StringBuilder();
        text.AppendLine("Times below come from the benchmark (`dotnet run -c Release --project tests/AsyncLab.Benchmarks -- lessons --cold`). " +
            "*Cold* is a lesson's first run in a fresh clone of the repository and *warm* its first run in a fresh kernel of a checkout whose helpers are already built, " +
            "both from starting the kernel to the end of the last cell; the first lesson run in a fresh clone also builds the helpers. " +
            "*Cells* is the time of the cells after the two setup cells in the warm run, *first chart* the time from starting its kernel to the first chart. " +
            Invariant($"Measured {string.Join(" and ", days)} on a shared {Measured(section).Cores}-core machine") +
            (loads.Count == 0 ? ""
                : Math.Round(loads.Min()) == Math.Round(loads.Max()) ? Invariant($" (load average {loads.Min():0})")
                : Invariant($" (load average {loads.Min():0}–{loads.Max():0})")) +
            "; a quiet laptop is faster. Class times are our estimate.");
        text.AppendLine();
        text.AppendLine("| Lesson | Cold: fresh clone | Warm: helpers built | Cells (warm run) | First chart | In class, with discussion and exercises |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var (title, inClass) = Lessons.TryGetValue(row["lesson"], out var known)
                ? known
                : throw new InvalidOperationException($"ReadmeTables.cs has no README title and class time for lesson {row["lesson"]}; add it to Lessons");
            text.AppendLine($"| {title} | {row["cold run"]} | {row["fresh run"]} | {row["fresh cells"]} | {row["first chart"]} | {inClass} |");
        }
        if (cold.Count == 0)
        {
            text.AppendLine();
            text.AppendLine("No cold run is recorded yet; `lessons --cold` measures it.");
        }
        return text.ToString();
    }

    /// <summary>The rows of the first Markdown table in <paramref name="section"/>, each as column name → cell.</summary>
    public static List<Dictionary<string, string>> Table(string section)
    {
        var lines = section.ReplaceLineEndings("\n").Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToArray();
        if (lines.Length < 2)
        {
            return [];
        }
        static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var header = Cells(lines[0]);
        return lines.Skip(2).Select(line => header.Zip(Cells(line)).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToList();
    }

    /// <summary>The conditions line every section carries: "Load … at the start, … at the end (1, 5, 15 min); date UTC, N cores."</summary>
    private static (string LoadAtStart, string Date, string Cores) Measured(string section)
    {
        var match = ConditionsLine().Match(section);
        return match.Success
            ? (match.Groups["start"].Value, match.Groups["date"].Value, match.Groups["cores"].Value)
            : throw new InvalidOperationException("a section of RESULTS.md has no line 'Load … at the start, … at the end (1, 5, 15 min); date UTC, N cores.'; measure it again");
    }

    private static Block Marked(string name, string body) => new(
        name,
        $"<!-- {name}:start (generated from tests/AsyncLab.Benchmarks/RESULTS.md; edit ReadmeTables.cs, not this) -->",
        $"<!-- {name}:end -->",
        $"<!-- {name}:start (generated from tests/AsyncLab.Benchmarks/RESULTS.md; edit ReadmeTables.cs, not this) -->\n{body.TrimEnd('\n')}\n<!-- {name}:end -->");

    /// <summary>The text from <paramref name="start"/> to <paramref name="end"/>, both included, or null.</summary>
    private static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = from < 0 ? -1 : text.IndexOf(end, from, StringComparison.Ordinal);
        return from >= 0 && to > from ? text[from..(to + end.Length)].TrimEnd('\n') : null;
    }

    private static string Read(string path) => File.ReadAllText(path).ReplaceLineEndings("\n");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Load (?<start>[\d. ]+) at the start, (?<end>[\d. ]+) at the end \(1, 5, 15 min\); (?<date>[^;]+? UTC), (?<cores>\d+) cores\.")]
    private static partial Regex ConditionsLine();

    [GeneratedRegex(@"(?<date>\d{4}-\d\d-\d\d \d\d:\d\d) UTC, load (?<load>\d+(\.\d+)?)")]
    private static partial Regex MeasuredCell();

    /// <summary>A README section: the results it comes from, its two markers and its whole text, markers included.</summary>
    public sealed record Block(string Name, string Start, string End, string Text);
}
