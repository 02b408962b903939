using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Results = System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<AsyncLab.Benchmarks.ComparisonBenchmark.Result>>;

namespace AsyncLab.Benchmarks;

/// <summary>The tables, claims and README summary of one <c>compare</c> run, as Markdown (which reads well in a terminal too).</summary>
internal sealed class ComparisonReport(
    ComparisonBenchmark.Options options,
    IReadOnlyList<string> sides,
    double scale,
    Results scenarios,
    IReadOnlyDictionary<int, Results> fanOuts,
    Results throttled,
    Results pipeline)
{
    private const string Plain = "C#";
    private const string Recorded = "C# recorded";
    private const string Python = "Python";
    private const int ClaimedFanOut = 100_000;
    private static readonly string[] ScenarioNames = ["1 fan-out, 5 × 1 unit", "2 semaphore, 3 of 10 × 1 unit", "3 producer/consumer, 5 items"];
    private static readonly double[] IdealUnits = [1.0, 4.0, 5.5];

    private bool HasPython => sides.Contains(Python);

    private int LargestFanOut => fanOuts.Keys.Max();

    public string Tables()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### Reference scenarios in real time: makespan / ideal (one unit of work = {scale:0.0} s)"));
        text.AppendLine();
        text.AppendLine($"| scenario | ideal | {string.Join(" | ", sides)} |");
        text.AppendLine($"| --- | ---: |{string.Concat(sides.Select(_ => " ---: |"))}");
        for (var i = 0; i < ScenarioNames.Length; i++)
        {
            var ideal = IdealUnits[i] * scale;
            text.AppendLine(Invariant($"| {ScenarioNames[i]} | {ideal:0.00} s | {string.Join(" | ", sides.Select(s => $"{Makespan(s, i) / ideal:0.000}"))} |"));
        }
        text.AppendLine();

        text.AppendLine("### Fan-out: N tasks that each await 100 ms, awaited together (Task.WhenAll / asyncio.gather)");
        text.AppendLine();
        text.AppendLine("Overhead is the wall time above the 100 ms every task waits; peak memory is the process's peak resident set (VmHWM), runtime included.");
        text.AppendLine();
        text.AppendLine("| tasks | C# wall | C# overhead | C# peak | Python wall | Python overhead | Python peak | C#/Python wall | C#/Python overhead | C#/Python peak |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (n, results) in fanOuts.OrderBy(p => p.Key))
        {
            var plain = Median(results[Plain]);
            var python = HasPython ? Median(results[Python]) : null;
            text.AppendLine(Invariant($"| {n:N0} | {Seconds(plain.Wall)} | {Ms(plain.Wall - 0.1)} | {Mb(plain.PeakKb)} | ") +
                (python is null
                    ? "skipped | skipped | skipped | - | - | - |"
                    : Invariant($"{Seconds(python.Wall)} | {Ms(python.Wall - 0.1)} | {Mb(python.PeakKb)} | {plain.Wall / python.Wall:0.00} | {(plain.Wall - 0.1) / (python.Wall - 0.1):0.00} | {(double)plain.PeakKb / python.PeakKb:0.00} |")));
        }
        text.AppendLine();

        text.AppendLine("### Throughput");
        text.AppendLine();
        text.AppendLine("| workload | C# items/s | Python items/s | C#/Python throughput |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, results) in Throughputs())
        {
            var plain = Median(results[Plain]);
            var python = HasPython ? Median(results[Python]) : null;
            text.AppendLine($"| {name} | {PerSecond(plain)} | " +
                (python is null ? "skipped | - |" : Invariant($"{PerSecond(python)} | {python.Wall / plain.Wall:0.00} |")));
        }
        text.AppendLine();

        text.AppendLine("### What watching costs: the same C# with an AsyncLab lab recording it");
        text.AppendLine();
        text.AppendLine("Recorded: every task tracked with an in-progress segment, the semaphore and the channel watched (lab.Semaphore, lab.BoundedChannel); Freeze and charts are not included (see the `cost` command).");
        text.AppendLine();
        text.AppendLine("| workload | C# | C# recorded | recorded/plain time | recorded/plain peak memory |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < ScenarioNames.Length; i++)
        {
            var plain = Makespan(Plain, i);
            var recorded = Makespan(Recorded, i);
            text.AppendLine(Invariant($"| scenario {ScenarioNames[i]} | {Seconds(plain)} | {Seconds(recorded)} | {recorded / plain:0.000} | - |"));
        }
        foreach (var (name, results) in fanOuts.OrderBy(p => p.Key).Select(p => ($"fan-out {p.Key:N0} × 100 ms", p.Value)).Concat(Throughputs()))
        {
            var plain = Median(results[Plain]);
            var recorded = Median(results[Recorded]);
            text.AppendLine(Invariant($"| {name} | {Seconds(plain.Wall)}, {Mb(plain.PeakKb)} | {Seconds(recorded.Wall)}, {Mb(recorded.PeakKb)} | {recorded.Wall / plain.Wall:0.00} | {(double)recorded.PeakKb / plain.PeakKb:0.00} |"));
        }
        text.AppendLine();

        text.AppendLine("### README claims");
        text.AppendLine();
        text.AppendLine("| claim | measured | holds |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var claim in Claims())
        {
            text.AppendLine($"| {claim.Text} | {claim.Measured} | {claim.Holds switch { true => "yes", false => "NO", null => options is { Smoke: true, Check: false } ? "not judged (smoke)" : "skipped (no Python)" }} |");
        }
        return text.ToString();
    }

    /// <summary>
    /// What the README says; <c>--check</c> fails when one of these does not hold. A smoke run judges them only with
    /// <c>--check</c> (at its small sizes, so the verdict is about the checker, not the README).
    /// </summary>
    public IReadOnlyList<Claim> Claims()
    {
        var judged = !options.Smoke || options.Check;
        var claims = new List<Claim>();
        var worst = Enumerable.Range(0, ScenarioNames.Length).Max(i => Math.Max(Makespan(Plain, i), Makespan(Recorded, i)) / (IdealUnits[i] * scale));
        claims.Add(new("In C#, recorded or not, each reference scenario ends within 10 % of its ideal makespan",
            Invariant($"worst makespan/ideal {worst:0.000}"), judged ? worst <= 1.10 : null));

        var n = fanOuts.ContainsKey(ClaimedFanOut) ? ClaimedFanOut : LargestFanOut;
        var plain = Median(fanOuts[n][Plain]);
        var python = HasPython ? Median(fanOuts[n][Python]) : null;
        claims.Add(new(Invariant($"A 100 ms fan-out of {ClaimedFanOut:N0} tasks ends sooner in C# than in asyncio"),
            python is null ? "-" : Invariant($"C#/Python wall {plain.Wall / python.Wall:0.00} at {n:N0} tasks"),
            judged && python is not null ? plain.Wall < python.Wall : null));
        claims.Add(new(Invariant($"... and its peak memory is lower in C#"),
            python is null ? "-" : Invariant($"C#/Python peak {(double)plain.PeakKb / python.PeakKb:0.00}"),
            judged && python is not null ? plain.PeakKb < python.PeakKb : null));

        foreach (var (name, results) in Throughputs())
        {
            var fast = Median(results[Plain]);
            var slow = HasPython ? Median(results[Python]) : null;
            claims.Add(new($"C# moves more items per second than asyncio: {name}",
                slow is null ? "-" : Invariant($"C#/Python throughput {slow.Wall / fast.Wall:0.00}"),
                judged && slow is not null ? fast.Wall < slow.Wall : null));
        }

        // What recording costs is reported in the tables, not claimed; the claim is what a learner asks: is watched C# still ahead?
        var recorded = Median(fanOuts[n][Recorded]);
        claims.Add(new(Invariant($"Recorded by AsyncLab, C# still ends a 100 ms fan-out of {ClaimedFanOut:N0} tasks sooner than asyncio unwatched"),
            python is null ? "-" : Invariant($"C# recorded/Python wall {recorded.Wall / python.Wall:0.00} at {n:N0} tasks"),
            judged && python is not null ? recorded.Wall < python.Wall : null));
        claims.Add(new("... and with a lower peak memory",
            python is null ? "-" : Invariant($"C# recorded/Python peak {recorded.PeakKb / python.PeakKb:0.00}"),
            judged && python is not null ? recorded.PeakKb < python.PeakKb : null));
        return claims;
    }

    /// <summary>The README section, markers included: date, machine, a short table and the claims.</summary>
    public string Summary(DateTime date, string machine, string loadAtStart, string loadAtEnd)
    {
        var text = new StringBuilder();
        text.AppendLine(ComparisonBenchmark.StartMarker);
        text.AppendLine(Invariant($"Measured {date:yyyy-MM-dd} on {machine}, {RuntimeInformation.FrameworkDescription} (workstation GC), load average {loadAtStart} at the start and {loadAtEnd} at the end (a shared machine: compare the ratios, measured interleaved in one run).") +
            " Full tables and conditions: [tests/AsyncLab.Benchmarks/RESULTS.md](tests/AsyncLab.Benchmarks/RESULTS.md);" +
            " regenerate with `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- compare` (add `--full` for 1,000,000 tasks).");
        text.AppendLine();
        text.AppendLine($"| | C# | C# recorded | {(HasPython ? "Python asyncio" : "Python (skipped)")} | C# / Python |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        var makespans = sides.ToDictionary(s => s, s => string.Join(" / ", Enumerable.Range(0, ScenarioNames.Length).Select(i => Invariant($"{Makespan(s, i) / (IdealUnits[i] * scale):0.00}"))));
        text.AppendLine($"| scenarios 1 / 2 / 3 in real time, makespan ÷ ideal | {makespans[Plain]} | {makespans[Recorded]} | {(HasPython ? makespans[Python] : "-")} | - |");
        foreach (var (n, results) in fanOuts.Where(p => p.Key >= ClaimedFanOut).OrderBy(p => p.Key))
        {
            var row = sides.ToDictionary(s => s, s => Median(results[s]));
            string Ratio(Func<Measure, double> of) => HasPython ? Invariant($"{of(row[Plain]) / of(row[Python]):0.00}") : "-";
            text.AppendLine(Invariant($"| fan-out of {n:N0} tasks × 100 ms, wall time | {Seconds(row[Plain].Wall)} | {Seconds(row[Recorded].Wall)} | {(HasPython ? Seconds(row[Python].Wall) : "-")} | {Ratio(m => m.Wall)} |"));
            text.AppendLine(Invariant($"| same, peak memory (resident) | {Mb(row[Plain].PeakKb)} | {Mb(row[Recorded].PeakKb)} | {(HasPython ? Mb(row[Python].PeakKb) : "-")} | {Ratio(m => m.PeakKb)} |"));
        }
        foreach (var (name, results) in Throughputs())
        {
            var row = sides.ToDictionary(s => s, s => Median(results[s]));
            text.AppendLine($"| {name}, items/s | {PerSecond(row[Plain])} | {PerSecond(row[Recorded])} | {(HasPython ? PerSecond(row[Python]) : "-")} | " +
                (HasPython ? Invariant($"{row[Python].Wall / row[Plain].Wall:0.00}× the throughput") : "-") + " |");
        }
        var watching = fanOuts.Where(p => p.Key >= ClaimedFanOut).OrderBy(p => p.Key).Select(p => ($"fan-out {p.Key:N0}", p.Value)).Concat(Throughputs().Select(t => (t.Name.Split(',')[0], t.Results)))
            .Select(p => Invariant($"{p.Item1} {Median(p.Item2[Recorded]).Wall / Median(p.Item2[Plain]).Wall:0.00}"));
        text.AppendLine($"| what watching costs, recorded ÷ plain wall time (fresh process) | - | {string.Join("; ", watching)} | - | - |");
        text.AppendLine();
        text.AppendLine("Claims that `compare --check` verifies (exit code 1 when one no longer holds):");
        text.AppendLine();
        foreach (var claim in Claims())
        {
            text.AppendLine($"- {claim.Text}: {claim.Measured}{(claim.Holds == false ? " (**did not hold in this run**)" : "")}.");
        }
        text.AppendLine(ComparisonBenchmark.EndMarker);
        return text.ToString();
    }

    private IEnumerable<(string Name, Results Results)> Throughputs() =>
    [
        (Invariant($"semaphore fan-out, {options.ThrottledJobs:N0} jobs, {100} at a time"), throttled),
        (Invariant($"pipeline, {options.PipelineItems:N0} items through a bounded queue of 1,000"), pipeline),
    ];

    private double Makespan(string side, int scenario) => MedianOf(scenarios[side].Select(r => r.Makespans[scenario]));

    private static Measure Median(List<ComparisonBenchmark.Result> runs) =>
        new(MedianOf(runs.Select(r => r.WallSeconds)), MedianOf(runs.Select(r => (double)r.PeakKb)), runs[0].Items);

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Seconds(double seconds) => Invariant($"{seconds:0.000} s");

    private static string Ms(double seconds) => Invariant($"{seconds * 1000:N0} ms");

    private static string Mb(double kb) => Invariant($"{kb / 1024:N0} MB");

    private static string PerSecond(Measure measure) => measure.Wall > 0
        ? Invariant($"{measure.Items / measure.Wall / 1e6:0.00} M")
        : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Measure(double Wall, double PeakKb, int Items);

    public sealed record Claim(string Text, string Measured, bool? Holds);
}
