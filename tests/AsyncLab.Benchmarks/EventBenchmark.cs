using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AsyncLab.Benchmarks;

/// <summary>
/// The <c>events</c> command: <see cref="EventCosts"/> under BenchmarkDotNet, in this process (no child project is
/// built, so it runs offline), with its memory diagnoser: time and bytes per operation, and per event. Prints one
/// table and writes the "Per-event cost" section of RESULTS.md and the README's per-event table; <c>--smoke</c> runs
/// BenchmarkDotNet's dry job (one invocation of each, seconds in all) and writes nothing.
/// </summary>
internal static class EventBenchmark
{
    public const string Command = "events";
    private const int WarmupIterations = 3;
    private const int MeasuredIterations = 10;
    private const int IterationMilliseconds = 250;

    /// <summary>Each watched operation and the plain operation it is compared with.</summary>
    private static readonly Dictionary<string, string> PlainTwin = new(StringComparer.Ordinal)
    {
        [nameof(EventCosts.WatchedSemaphore)] = nameof(EventCosts.PlainSemaphore),
        [nameof(EventCosts.WatchedChannel)] = nameof(EventCosts.PlainChannel),
    };

    public static int Run(string[] args)
    {
        var smoke = false;
        foreach (var arg in args)
        {
            smoke = arg == "--smoke"
                ? true
                : throw new ArgumentException($"unknown option '{arg}' for events; use --smoke (BenchmarkDotNet's dry job, for CI) or nothing (the short job)");
        }
        var release = !typeof(EventBenchmark).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled);
        if (!smoke && !release)
        {
            throw new ArgumentException("events measures a Release build only; run it with `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- events` (or add --smoke to prove it runs)");
        }

        var loadAtStart = MachineLoad.Average();
        var jobText = smoke
            ? "BenchmarkDotNet's dry job (one invocation of each operation; proves it runs, the figures mean nothing)"
            : $"a short job: 1 launch, {WarmupIterations} warm-up and {MeasuredIterations} measured iterations of about {IterationMilliseconds} ms, the median iteration";
        var gc = $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(AppContext.TryGetSwitch("System.GC.Concurrent", out var on) && !on ? "non-concurrent" : "concurrent")}";
        Console.WriteLine($"Per-event cost{(smoke ? " (smoke)" : "")}: BenchmarkDotNet in this process, {jobText}; {gc}, {RuntimeInformation.FrameworkDescription}.");
        Console.WriteLine($"Load     {loadAtStart} (1, 5, 15 min) at the start");
        Console.Error.WriteLine($"  running {typeof(EventCosts).GetMethods().Count(m => m.IsDefined(typeof(BenchmarkAttribute), false))} benchmarks{(smoke ? "" : " (about a minute each on a busy machine)")} ...");

        var events = EventsPerOperation();
        var artifacts = Directory.CreateTempSubdirectory("asynclab-events-");
        Summary summary;
        try
        {
            var job = (smoke
                    ? Job.Dry
                    : Job.Default
                        .WithLaunchCount(1)
                        .WithWarmupCount(WarmupIterations)
                        .WithIterationCount(MeasuredIterations)
                        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(IterationMilliseconds)))
                .WithToolchain(InProcessEmitToolchain.DontLogOutput)
                .WithId(smoke ? "dry" : "short");
            var config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddLogger(new ErrorsOnly())
                .WithArtifactsPath(artifacts.FullName)
                .WithOptions(ConfigOptions.DisableLogFile | (smoke ? ConfigOptions.DisableOptimizationsValidator : ConfigOptions.Default));
            summary = BenchmarkRunner.Run<EventCosts>(config);
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }

        if (summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(r => !r.Success))
        {
            Console.Error.WriteLine("error: BenchmarkDotNet did not measure every operation: " +
                string.Join("; ", summary.ValidationErrors.Select(e => e.Message).DefaultIfEmpty("see the errors above")));
            return 1;
        }

        var rows = summary.Reports.Select(r => new Row(
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                Description(r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
                events[r.BenchmarkCase.Descriptor.WorkloadMethod.Name],
                r.ResultStatistics!.Median,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0))
            .OrderBy(r => Array.IndexOf(Order, r.Method))
            .ToList();
        var loadAtEnd = MachineLoad.Average();
        var table = Table(rows);
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"Load     {loadAtEnd} (1, 5, 15 min) at the end; {loadAtStart} at the start");
        if (smoke)
        {
            Console.WriteLine("Smoke run: BenchmarkDotNet's dry job; nothing is written.");
            return 0;
        }

        ResultsFile.WriteSection(Command, new StringBuilder()
            .AppendLine("## Per-event cost")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- events`. " +
                $"BenchmarkDotNet {summary.HostEnvironmentInfo.BenchmarkDotNetVersion} in process (InProcessEmitToolchain), {jobText}, with its memory diagnoser; " +
                $"{RuntimeInformation.FrameworkDescription}, {gc}. " +
                "One thread, the public API only: a real-time lab (`new Lab(virtualTime: false)`), a new lab every 100,000 operations (EventCosts.cs). " +
                "Events is what one operation adds to the lab's log; allocated is the bytes one operation allocates, the lab's log included.")
            .AppendLine()
            .AppendLine($"Load {loadAtStart} at the start, {loadAtEnd} at the end (1, 5, 15 min); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.")
            .AppendLine()
            .Append(table)
            .ToString());
        ReadmeTables.Write();
        Console.WriteLine("Wrote the \"Per-event cost\" section of tests/AsyncLab.Benchmarks/RESULTS.md and the README's per-event table.");
        return 0;
    }

    /// <summary>The table's name of the plain operation a watched one is compared with, or null when it has none.</summary>
    public static string? PlainTwinOf(string operation) =>
        PlainTwin.Where(p => Description(p.Key) == operation).Select(p => Description(p.Value)).FirstOrDefault();

    private static string Description(string method) =>
        typeof(EventCosts).GetMethod(method)!.GetCustomAttribute<BenchmarkAttribute>()?.Description ?? method;

    private static readonly string[] Order =
    [
        nameof(EventCosts.RecordOneTask), nameof(EventCosts.WatchedSemaphore), nameof(EventCosts.PlainSemaphore),
        nameof(EventCosts.WatchedChannel), nameof(EventCosts.PlainChannel),
    ];

    /// <summary>How many events each operation records: 1,000 of each into a fresh lab, counted.</summary>
    private static Dictionary<string, int> EventsPerOperation()
    {
        const int Operations = 1_000;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var method in Order)
        {
            var costs = new EventCosts();
            costs.NewLab();
            var operation = typeof(EventCosts).GetMethod(method)!;
            for (var i = 0; i < Operations; i++)
            {
                switch (operation.Invoke(costs, null))
                {
                    case ValueTask task:
                        task.GetAwaiter().GetResult();
                        break;
                    case ValueTask<int> task:
                        task.GetAwaiter().GetResult();
                        break;
                }
            }
            counts[method] = costs.EventsInLab % Operations == 0
                ? costs.EventsInLab / Operations
                : throw new InvalidOperationException($"{method} recorded {costs.EventsInLab} events in {Operations} operations, not the same number each time");
        }
        return counts;
    }

    private static string Table(List<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| operation | events | time | allocated | time per event | allocated per event | watched ÷ plain time |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            var plain = PlainTwin.TryGetValue(row.Method, out var twin) ? rows.FirstOrDefault(r => r.Method == twin) : null;
            text.AppendLine(
                Invariant($"| {row.Name} | {row.Events} | {row.Nanoseconds:0.0} ns | {row.Bytes:N0} B | ") +
                (row.Events > 0 ? Invariant($"{row.Nanoseconds / row.Events:0.0} ns | {(double)row.Bytes / row.Events:0} B | ") : "- | - | ") +
                (plain is null ? "- |" : Invariant($"{row.Nanoseconds / plain.Nanoseconds:0.00} |")));
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(string Method, string Name, int Events, double Nanoseconds, long Bytes);

    /// <summary>BenchmarkDotNet's own log is long; only its errors are shown (on stderr), and this command prints the table.</summary>
    private sealed class ErrorsOnly : ILogger
    {
        public string Id => nameof(ErrorsOnly);

        public int Priority => 0;

        public void Write(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error && !text.Contains("No exporters defined", StringComparison.Ordinal))
            {
                Console.Error.Write(text);
            }
        }

        public void WriteLine()
        {
        }

        public void WriteLine(LogKind logKind, string text)
        {
            // Exporters are left out on purpose: this command writes RESULTS.md itself.
            if (logKind == LogKind.Error && !text.Contains("No exporters defined", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("  BenchmarkDotNet: " + text);
            }
        }

        public void Flush() => Console.Error.Flush();
    }
}
