using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AsyncLab.Benchmarks;

/// <summary>
/// The <c>all</c> command (and what the program does with no command): every topic in turn, each printing its own
/// table, then one line per topic with its exit code and time. A full run writes RESULTS.md (each topic its part, then
/// the "One command" section with the conditions) and regenerates the README's tables; it exits 1 when a README claim
/// no longer holds (compare and charts run with <c>--check</c>, lessons fail over budget) or a topic fails.
/// <c>all --smoke</c> runs each topic at its smoke size, leaves out the kernels (lessons, sizing) and writes nothing.
/// </summary>
internal static class AllBenchmark
{
    public const string Command = "all";

    public static async Task<int> Run(string[] args)
    {
        var smoke = false;
        foreach (var arg in args)
        {
            smoke = arg == "--smoke"
                ? true
                : throw new ArgumentException($"unknown option '{arg}' for all; use --smoke (every topic at its smoke size, nothing written; CI runs it) or nothing (the full run, about 15 minutes on 2 cores)");
        }
        var errors = Console.Error; // see LessonBenchmark: a kernel run stopped halfway can leave Console.Error silent
        var loadAtStart = MachineLoad.Average();
        var started = DateTime.UtcNow;
        Console.WriteLine(smoke
            ? "Every benchmark topic at its smoke size (lessons and sizing left out: they start notebook kernels); nothing is written."
            : "Every benchmark topic in turn; writes tests/AsyncLab.Benchmarks/RESULTS.md and the README's tables. About 15 minutes on 2 cores.");
        Console.WriteLine($"Load     {loadAtStart} (1, 5, 15 min) at the start");

        var done = new List<Done>();
        foreach (var topic in Topics(smoke))
        {
            Console.WriteLine();
            Console.WriteLine($"== {topic.Name}: {topic.What} ==");
            Console.WriteLine();
            var watch = Stopwatch.StartNew();
            int exitCode;
            try
            {
                exitCode = await topic.Run();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One topic that cannot run (no Chromium, no git) must not hide what the others measure.
                Console.Error.WriteLine($"error in {topic.Name}: {error.Message}");
                exitCode = 1;
            }
            done.Add(new Done(topic.Name, topic.What, exitCode, watch.Elapsed));
            if (exitCode == 130)
            {
                errors.WriteLine("all: stopped.");
                return 130;
            }
        }

        var loadAtEnd = MachineLoad.Average();
        var table = Table(done);
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"Load     {loadAtEnd} (1, 5, 15 min) at the end; {loadAtStart} at the start");
        var failed = done.Where(d => d.ExitCode != 0).Select(d => d.Name).ToList();
        Console.WriteLine(failed.Count == 0
            ? "Every topic ran" + (smoke ? " at its smoke size." : " and every README claim holds.")
            : $"Not clean: {string.Join(", ", failed)} (exit code 1 means a claim no longer holds or the topic failed; its output is above).");
        if (!smoke)
        {
            WriteSection(table, started, loadAtStart, loadAtEnd);
            ReadmeTables.Write();
            Console.WriteLine("Wrote the \"One command\" section of tests/AsyncLab.Benchmarks/RESULTS.md and the README's tables.");
        }
        return failed.Count == 0 ? 0 : 1;
    }

    private static List<Topic> Topics(bool smoke)
    {
        List<Topic> topics = smoke
            ?
            [
                new("scenarios", "the three reference scenarios on the real clock, one run", () => ScenarioBenchmark.Run(["1"])),
                new("events", "per-event cost, BenchmarkDotNet's dry job", () => Task.FromResult(EventBenchmark.Run(["--smoke"]))),
                new("cost", "recording cost at small sizes, once", () => CostBenchmark.Run(["--smoke"])),
                new("compare", "C# beside Python asyncio at small sizes, once", () => Task.FromResult(ComparisonBenchmark.Run(["--smoke"]))),
                new("charts", "one chart of 100 tasks drawn in Chromium", () => ChartBenchmark.Run(["--smoke"])),
                new("readme", "the README's tables against RESULTS.md", () => Task.FromResult(ReadmeTables.Run(["--check"]))),
            ]
            :
            [
                new("scenarios", "the three reference scenarios on the real clock", () => ScenarioBenchmark.Run([])),
                new("events", "per-event cost with BenchmarkDotNet", () => Task.FromResult(EventBenchmark.Run([]))),
                new("cost", "recording cost: recorded against plain fan-outs, Freeze, 16 writers",
                    // Its targets belong to the recording-cost work, not to the README: printed, not judged (no --check).
                    () => KeepPrinted("cost", "Recording cost", "cost", "CostBenchmark.cs", () => CostBenchmark.Run([]))),
                new("compare", "C# beside Python asyncio, 10,000 to 1,000,000 tasks, claims checked", () => Task.FromResult(ComparisonBenchmark.Run(["--full", "--check"]))),
                new("charts", "chart build, size and draw time, under 1 s checked", () => ChartBenchmark.Run(["--check"])),
                new("lessons", "every lesson cold in a fresh clone, then fresh and warm", () => LessonBenchmark.Run(["--cold"])),
            ];
        if (!smoke)
        {
            topics.Add(OperatingSystem.IsLinux()
                ? new("sizing", "kernel memory per lesson, server and workstation GC",
                    () => KeepPrinted("sizing", "Kernel memory per lesson", "sizing memory", "SizingBenchmark.cs", () => SizingBenchmark.Run(["memory"])))
                : new("sizing", "skipped: it reads kernel memory from /proc (Linux only)", () => Task.FromResult(0)));
        }
        return topics;
    }

    /// <summary>
    /// Runs a topic that prints its table but writes no section of its own (cost, sizing) and keeps what it printed as
    /// its section of RESULTS.md.
    /// </summary>
    private static async Task<int> KeepPrinted(string section, string title, string command, string source, Func<Task<int>> run)
    {
        var console = Console.Out;
        var printed = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(new Both(console, printed));
        int exitCode;
        try
        {
            exitCode = await run();
        }
        finally
        {
            Console.SetOut(console);
        }
        ResultsFile.WriteSection(section, new StringBuilder()
            .AppendLine($"## {title}")
            .AppendLine()
            .AppendLine($"What `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- {command}` printed in the latest `all` run ({source} says how each figure is measured):")
            .AppendLine()
            .AppendLine("```")
            .Append(printed.ToString().ReplaceLineEndings("\n").TrimEnd('\n'))
            .AppendLine()
            .AppendLine("```")
            .ToString());
        return exitCode;
    }

    private static string Table(List<Done> done)
    {
        var text = new StringBuilder();
        text.AppendLine("| topic | what | exit code | time |");
        text.AppendLine("| --- | --- | ---: | ---: |");
        foreach (var topic in done)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {topic.Name} | {topic.What} | {topic.ExitCode} | {topic.Time.TotalSeconds:0} s |"));
        }
        return text.ToString();
    }

    private static void WriteSection(string table, DateTime started, string loadAtStart, string loadAtEnd)
    {
        var python = ComparisonBenchmark.FindOnPath("python3") is { } path ? ComparisonBenchmark.Capture(path, ["--version"]).Trim() : null;
        ResultsFile.WriteSection(Command, new StringBuilder()
            .AppendLine("## One command")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project tests/AsyncLab.Benchmarks` (the `all` command): every topic in turn, on this machine, in one run. " +
                "The sections above hold what events, cost, compare, charts, lessons and sizing measured; scenarios prints its table only (compare has the scenarios too).")
            .AppendLine()
            .AppendLine("```")
            .AppendLine(ComparisonBenchmark.Conditions(python))
            .AppendLine($"Started  {started:yyyy-MM-dd HH:mm} UTC, ended {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine("```")
            .AppendLine()
            .AppendLine($"Load {loadAtStart} at the start, {loadAtEnd} at the end (1, 5, 15 min); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.")
            .AppendLine()
            .Append(table)
            .ToString());
    }

    private sealed record Topic(string Name, string What, Func<Task<int>> Run);

    private sealed record Done(string Name, string What, int ExitCode, TimeSpan Time);

    /// <summary>Writes to the console and keeps a copy.</summary>
    private sealed class Both(TextWriter console, TextWriter copy) : TextWriter
    {
        public override Encoding Encoding => console.Encoding;

        public override void Write(char value)
        {
            console.Write(value);
            copy.Write(value);
        }

        public override void Write(string? value)
        {
            console.Write(value);
            copy.Write(value);
        }
    }
}
