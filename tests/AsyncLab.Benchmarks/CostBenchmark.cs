using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace AsyncLab.Benchmarks;

/// <summary>
/// The recording cost targets, in one table: a 100 ms fan-out of N tasks recorded against the same fan-out with plain
/// <c>Task.Delay</c> (interleaved runs in one process, median of the runs), the single-threaded cost of one event, the
/// CPU time per event with 16 writers, how long Freeze takes, and tasks that share one name against unique names.
/// Exit code 0 whatever the figures, unless <c>--check</c> is given: then 1 when a target is missed.
/// </summary>
internal static class CostBenchmark
{
    private const int Writers = 16;
    private static readonly AsyncLocal<int> FlowingTask = new();
    private static string LoadAtStart = "";
    private static readonly TimeSpan Work = TimeSpan.FromMilliseconds(100);

    public static async Task<int> Run(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var check = args.Contains("--check");
        var runs = smoke ? 1 : 5;
        foreach (var arg in args.Where(a => a is not "--smoke" and not "--check"))
        {
            runs = arg.StartsWith("--runs=", StringComparison.Ordinal)
                && int.TryParse(arg["--runs=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"unknown option '{arg}' for cost; use --smoke, --check or --runs=N");
        }
        int[] sizes = smoke ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
        var eventTasks = smoke ? 10_000 : 1_000_000;

        LoadAtStart = MachineLoad.Average();
        PrintConditions(runs, smoke);
        var rows = new List<Row>();

        // Warm up every path once so the first measured run does not pay for the JIT.
        await Plain(500);
        await Recorded(500, sharedNames: false);
        await Recorded(500, sharedNames: true);
        await FlowOnly(500);
        await LabDelayOnly(500);
        SingleThreaded(1_000);
        SixteenWriters(1_600);

        var fanOut = new Dictionary<int, (FanOut Plain, FanOut Unique, FanOut Shared)>();
        var parts = new Dictionary<int, (FanOut Flow, FanOut Delay)>();
        foreach (var size in sizes)
        {
            var plain = new List<FanOut>();
            var unique = new List<FanOut>();
            var shared = new List<FanOut>();
            var flow = new List<FanOut>();
            var delay = new List<FanOut>();
            for (var run = 0; run < runs; run++)
            {
                // Interleaved, and the order turns each run so no variant always goes first after a full collection.
                Func<Task>[] variants =
                [
                    async () => plain.Add(await Plain(size)),
                    async () => unique.Add(await Recorded(size, sharedNames: false)),
                    async () => shared.Add(await Recorded(size, sharedNames: true)),
                    async () => flow.Add(await FlowOnly(size)),
                    async () => delay.Add(await LabDelayOnly(size)),
                ];
                for (var v = 0; v < variants.Length; v++)
                {
                    Collect();
                    await variants[(v + run) % variants.Length]();
                }
            }
            fanOut[size] = (Median(plain), Median(unique), Median(shared));
            parts[size] = (Median(flow), Median(delay));
        }

        foreach (var size in sizes)
        {
            var (plain, unique, _) = fanOut[size];
            var ratio = unique.Makespan / plain.Makespan;
            double? limit = size switch { 100_000 => 1.15, 1_000_000 => 1.3, _ => null };
            rows.Add(new Row(
                $"recorded/plain makespan, {size:N0} tasks",
                $"{ratio:0.00}",
                $"{Ms(unique.Makespan)} / {Ms(plain.Makespan)} ms; peak {unique.Peak:N0} recorded, {plain.Peak:N0} plain; " +
                $"{unique.BytesPerTask:N0} / {plain.BytesPerTask:N0} B a task; GC pauses {Ms(unique.GcPause)} / {Ms(plain.GcPause)} ms",
                limit is { } l ? $"<= {l:0.00}" : "-",
                limit is { } m ? ratio <= m : null));
        }

        // Where the cost goes: two pieces of the recorded fan-out measured alone against the same plain runs. The lab
        // keeps the tracked task in an AsyncLocal, so that a gate, a channel or lab.Delay knows which task calls it
        // across awaits; that one value per task is a floor no change to the recorder can go below.
        foreach (var size in sizes)
        {
            var plain = fanOut[size].Plain;
            var (flow, delay) = parts[size];
            rows.Add(new Row(
                $"floor: one AsyncLocal per task, {size:N0}",
                $"{flow.Makespan / plain.Makespan:0.00}",
                $"{Ms(flow.Makespan)} / {Ms(plain.Makespan)} ms; {flow.BytesPerTask:N0} B a task; GC pauses {Ms(flow.GcPause)} ms; " +
                "plain fan-out that sets one AsyncLocal value per task and records nothing",
                "reported",
                null));
            rows.Add(new Row(
                $"lab.Delay for Task.Delay, {size:N0}",
                $"{delay.Makespan / plain.Makespan:0.00}",
                $"{Ms(delay.Makespan)} / {Ms(plain.Makespan)} ms; {delay.BytesPerTask:N0} B a task; GC pauses {Ms(delay.GcPause)} ms; " +
                "plain fan-out awaiting lab.Delay, no task tracked",
                "reported",
                null));
        }

        var single = Median(Enumerable.Range(0, runs).Select(_ => { Collect(); return SingleThreaded(eventTasks); }).ToList());
        rows.Add(new Row(
            "per event, 1 writer",
            $"{single.WallNsPerEvent:0} ns",
            $"{single.Events:N0} events (Track, Begin, end, Dispose); CPU {single.CpuNsPerEvent:0} ns/event",
            "<= 100 ns",
            single.WallNsPerEvent <= 100));
        var many = Median(Enumerable.Range(0, runs).Select(_ => { Collect(); return SixteenWriters(eventTasks); }).ToList());
        rows.Add(new Row(
            $"CPU per event, {Writers} writers",
            $"{many.CpuNsPerEvent:0} ns",
            $"{many.Events:N0} events on {Environment.ProcessorCount} cores; wall {many.WallNsPerEvent:0} ns/event",
            "reported",
            null));

        foreach (var size in sizes)
        {
            var unique = fanOut[size].Unique;
            var perTask = unique.Freeze.TotalMilliseconds * 1e6 / size;
            rows.Add(new Row(
                $"Freeze, {size:N0} tasks",
                $"{Ms(unique.Freeze)} ms",
                $"{perTask:0} ns/task, {unique.Events:N0} events",
                size == 1_000_000 ? "<= 1,500 ms" : "-",
                size == 1_000_000 ? unique.Freeze <= TimeSpan.FromSeconds(1.5) : null));
        }
        var smallest = fanOut[sizes[^2]].Unique;
        var largest = fanOut[sizes[^1]].Unique;
        var growth = largest.Freeze.TotalMilliseconds / largest.Tasks / (smallest.Freeze.TotalMilliseconds / smallest.Tasks);
        rows.Add(new Row(
            "Freeze linear",
            $"{growth:0.00}",
            $"time per task at {sizes[^1]:N0} over time per task at {sizes[^2]:N0}",
            "<= 2.00",
            growth <= 2));

        foreach (var size in sizes)
        {
            var (_, unique, shared) = fanOut[size];
            var record = shared.Makespan / unique.Makespan;
            var freeze = shared.Freeze / unique.Freeze;
            rows.Add(new Row(
                $"shared/unique names, {size:N0} tasks",
                $"{Math.Max(record, freeze):0.00}",
                $"run {record:0.00} ({Ms(shared.Makespan)} / {Ms(unique.Makespan)} ms), " +
                $"freeze {freeze:0.00} ({Ms(shared.Freeze)} / {Ms(unique.Freeze)} ms); {shared.Lanes:N0} lanes",
                "<= 1.20",
                smoke ? null : record <= 1.2 && freeze <= 1.2));
        }

        Print(rows);
        Console.WriteLine($"Load     {MachineLoad.Average()} (1, 5, 15 min) at the end; {LoadAtStart} at the start");
        var missed = rows.Count(r => r.Holds == false);
        Console.WriteLine(missed == 0 ? "Every target holds." : $"{missed} target(s) missed.");
        foreach (var size in sizes)
        {
            var floor = parts[size].Flow.Makespan / fanOut[size].Plain.Makespan;
            double? limit = size switch { 100_000 => 1.15, 1_000_000 => 1.3, _ => null };
            if (limit is { } l && floor > l)
            {
                Console.WriteLine(
                    $"The recorded/plain target at {size:N0} tasks ({l:0.00}) is below the floor measured in this run ({floor:0.00}): " +
                    "one AsyncLocal value per task, which the lab sets so that gates, channels and lab.Delay know the task calling them.");
            }
        }
        if (smoke)
        {
            Console.WriteLine("Smoke run: small sizes and one run; the size targets (100,000 and 1,000,000 tasks) are not judged.");
        }
        return check && missed > 0 ? 1 : 0;
    }

    /// <summary>The plain fan-out: N tasks of <c>await Task.Delay(100)</c>; the peak counted with an interlocked counter.</summary>
    private static async Task<FanOut> Plain(int tasks)
    {
        var inFlight = 0;
        var peak = 0;
        async Task One()
        {
            var now = Interlocked.Increment(ref inFlight);
            var seen = Volatile.Read(ref peak);
            while (now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
                seen = Volatile.Read(ref peak);
            }
            try
            {
                await Task.Delay(Work);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        var (makespan, bytes, pause) = await Launch(tasks, _ => One());
        return new FanOut(tasks, makespan, peak, TimeSpan.Zero, 0, tasks, bytes, pause);
    }

    /// <summary>The recorded fan-out, written as a lesson writes it; the timeline is frozen after the makespan is taken.</summary>
    private static async Task<FanOut> Recorded(int tasks, bool sharedNames)
    {
        // Real time on purpose, whatever ASYNCLAB_TIME says: the wall clock is what this measures.
        var lab = new Lab(virtualTime: false);
        async Task One(int i)
        {
            using var job = lab.Track(sharedNames ? "task" : $"task {i}");
            using (job.Begin())
            {
                await lab.Delay(Work);
            }
        }

        var (makespan, bytes, pause) = await Launch(tasks, One);
        var events = lab.EventCount;
        // The fan-out's own garbage is collected first, so the time below is Freeze's work and not a collection of that.
        Collect();
        var freezeWatch = Stopwatch.StartNew();
        var timeline = lab.Freeze();
        freezeWatch.Stop();
        var lanes = timeline.Tasks.Select(t => t.Lane).Distinct(StringComparer.Ordinal).Count();
        return new FanOut(tasks, makespan, timeline.PeakConcurrency, freezeWatch.Elapsed, events, lanes, bytes, pause);
    }

    /// <summary>The plain fan-out with one AsyncLocal value set per task, as <c>lab.Track</c> sets one: what flowing the task costs alone.</summary>
    private static async Task<FanOut> FlowOnly(int tasks)
    {
        async Task One(int i)
        {
            FlowingTask.Value = i;
            await Task.Delay(Work);
        }

        return Unrecorded(tasks, await Launch(tasks, One));
    }

    /// <summary>The plain fan-out awaiting <c>lab.Delay</c> instead of <c>Task.Delay</c>, with no task tracked.</summary>
    private static async Task<FanOut> LabDelayOnly(int tasks)
    {
        var lab = new Lab(virtualTime: false);
        async Task One() => await lab.Delay(Work);

        return Unrecorded(tasks, await Launch(tasks, _ => One()));
    }

    /// <summary>Starts <paramref name="tasks"/> tasks of <paramref name="one"/> at once and awaits them all.</summary>
    private static async Task<(TimeSpan Makespan, long BytesPerTask, TimeSpan GcPause)> Launch(int tasks, Func<int, Task> one)
    {
        var gc = GcWatch.Start();
        var watch = Stopwatch.StartNew();
        var all = new Task[tasks];
        for (var i = 0; i < tasks; i++)
        {
            all[i] = one(i);
        }
        await Task.WhenAll(all);
        watch.Stop();
        var (bytes, pause) = gc.Stop(tasks);
        return (watch.Elapsed, bytes, pause);
    }

    private static FanOut Unrecorded(int tasks, (TimeSpan Makespan, long BytesPerTask, TimeSpan GcPause) run) =>
        new(tasks, run.Makespan, 0, TimeSpan.Zero, 0, tasks, run.BytesPerTask, run.GcPause);

    /// <summary>Track, Begin, end of the segment, Dispose on one thread: four events a task.</summary>
    private static PerEvent SingleThreaded(int tasks)
    {
        var names = Names(tasks);
        var lab = new Lab(virtualTime: false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < tasks; i++)
        {
            using var job = lab.Track(names[i]);
            using (job.Begin())
            {
            }
        }
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new PerEvent(lab.EventCount, watch.Elapsed, cpu);
    }

    /// <summary>The same loop on 16 threads at once, each with its share of the tasks; CPU time of the whole process.</summary>
    private static PerEvent SixteenWriters(int tasks)
    {
        var names = Names(tasks);
        var lab = new Lab(virtualTime: false);
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            start.Wait();
            for (var i = w; i < tasks; i += Writers)
            {
                using var job = lab.Track(names[i]);
                using (job.Begin())
                {
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        start.Set();
        foreach (var thread in threads)
        {
            thread.Join();
        }
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new PerEvent(lab.EventCount, watch.Elapsed, cpu);
    }

    private static string[] Names(int tasks)
    {
        var names = new string[tasks];
        for (var i = 0; i < tasks; i++)
        {
            names[i] = $"task {i}";
        }
        return names;
    }

    private static void PrintConditions(int runs, bool smoke)
    {
        var cpuModel = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var configuration = typeof(CostBenchmark).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled) ? "Debug" : "Release";
        var concurrent = AppContext.TryGetSwitch("System.GC.Concurrent", out var on) ? (on ? "concurrent" : "non-concurrent") : "concurrent (default)";
        Console.WriteLine($"Recording cost{(smoke ? " (smoke)" : "")}: 100 ms fan-out of N tasks, plain and recorded runs interleaved in one process, median of {runs} run(s).");
        Console.WriteLine($"Machine  {cpuModel ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"Runtime  {RuntimeInformation.FrameworkDescription}, {configuration} build, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {concurrent}, latency mode {GCSettings.LatencyMode}");
        if (configuration == "Debug")
        {
            Console.WriteLine("warning: a Debug build; the targets are for Release (dotnet run -c Release).");
        }
        Console.WriteLine();
    }

    private static void Print(List<Row> rows)
    {
        var width = rows.Max(r => r.Figure.Length);
        var valueWidth = Math.Max(8, rows.Max(r => r.Value.Length));
        Console.WriteLine($"{"figure".PadRight(width)}  {"measured".PadLeft(valueWidth)}  {"target",-12} {"holds",-5}  detail");
        foreach (var row in rows)
        {
            var holds = row.Holds switch { true => "yes", false => "NO", null => "-" };
            Console.WriteLine($"{row.Figure.PadRight(width)}  {row.Value.PadLeft(valueWidth)}  {row.Target,-12} {holds,-5}  {row.Detail}");
        }
        Console.WriteLine();
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture);

    private static FanOut Median(List<FanOut> runs) => new(
        runs[0].Tasks,
        MedianOf(runs.Select(r => r.Makespan)),
        MedianOf(runs.Select(r => r.Peak)),
        MedianOf(runs.Select(r => r.Freeze)),
        runs[0].Events,
        runs[0].Lanes,
        MedianOf(runs.Select(r => r.BytesPerTask)),
        MedianOf(runs.Select(r => r.GcPause)));

    private static PerEvent Median(List<PerEvent> runs) =>
        new(runs[0].Events, MedianOf(runs.Select(r => r.Wall)), MedianOf(runs.Select(r => r.Cpu)));

    private static T MedianOf<T>(IEnumerable<T> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed record FanOut(int Tasks, TimeSpan Makespan, int Peak, TimeSpan Freeze, int Events, int Lanes, long BytesPerTask, TimeSpan GcPause);

    /// <summary>Bytes allocated (all threads) and time the GC paused the process, from <see cref="Start"/> to <see cref="Stop"/>.</summary>
    private readonly record struct GcWatch(long Allocated, TimeSpan Paused)
    {
        public static GcWatch Start() => new(GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration());

        public (long BytesPerTask, TimeSpan Paused) Stop(int tasks) =>
            ((GC.GetTotalAllocatedBytes(precise: true) - Allocated) / tasks, GC.GetTotalPauseDuration() - Paused);
    }

    private sealed record PerEvent(int Events, TimeSpan Wall, TimeSpan Cpu)
    {
        public double WallNsPerEvent => Wall.TotalMilliseconds * 1e6 / Events;

        public double CpuNsPerEvent => Cpu.TotalMilliseconds * 1e6 / Events;
    }

    private sealed record Row(string Figure, string Value, string Detail, string Target, bool? Holds);
}
