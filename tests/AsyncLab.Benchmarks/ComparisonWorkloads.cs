using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace AsyncLab.Benchmarks;

/// <summary>
/// The C# side of the comparison with Python asyncio: each workload is the twin of one in python/asyncio_bench.py. One
/// workload runs per child process (<c>child WORKLOAD ARGS [--recorded]</c>), so the peak memory read at the end is that
/// workload's alone, the same way the Python side reads it; the result is one line of JSON. With <c>--recorded</c> the
/// same code runs with an AsyncLab lab watching it (tracked tasks, a watched semaphore or channel), as a lesson writes it.
/// </summary>
internal static class ComparisonWorkloads
{
    public static async Task<int> Child(string[] args)
    {
        var recorded = args.Contains("--recorded");
        var rest = args.Where(a => a != "--recorded").ToArray();
        var result = rest switch
        {
            ["scenarios", var scale] => await Scenarios(Seconds(scale), recorded),
            ["fanout", var n] => await Measure(recorded, lab => FanOut(Count(n, "N"), lab), warmUp: lab => FanOut(100, lab), Count(n, "N")),
            ["throttled", var n, var limit] => await Measure(recorded, lab => Throttled(Count(n, "N"), Count(limit, "LIMIT"), lab),
                warmUp: lab => Throttled(1_000, 10, lab), Count(n, "N")),
            ["pipeline", var n, var capacity] => await Measure(recorded, lab => Pipeline(Count(n, "N"), Count(capacity, "CAPACITY"), lab),
                warmUp: lab => Pipeline(10_000, 100, lab), Count(n, "N")),
            _ => throw new ArgumentException("child needs: scenarios SCALE | fanout N | throttled N LIMIT | pipeline N CAPACITY, and --recorded to watch it"),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>The peak resident set of this process in KiB: VmHWM, as the Python side reads it.</summary>
    public static long PeakKb()
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024;
    }

    private static async Task<Dictionary<string, object>> Measure(bool recorded, Func<Lab?, Task> workload, Func<Lab?, Task> warmUp, int items)
    {
        // One small run first, so the measured run does not pay for the JIT.
        await warmUp(recorded ? new Lab(virtualTime: false) : null);
        GC.Collect();
        // Real time on purpose, whatever ASYNCLAB_TIME says: the wall clock is what this measures.
        var lab = recorded ? new Lab(virtualTime: false) : null;
        var watch = Stopwatch.StartNew();
        await workload(lab);
        watch.Stop();
        var peak = PeakKb();
        GC.KeepAlive(lab);
        return new() { ["wall_s"] = watch.Elapsed.TotalSeconds, ["items"] = items, ["peak_kb"] = peak };
    }

    private static async Task<Dictionary<string, object>> Scenarios(double unit, bool recorded)
    {
        Func<Lab?, double, Task>[] all = [FanOutScenario, SemaphoreScenario, QueueScenario];
        foreach (var scenario in all)
        {
            // A small run first, so the measured run does not pay for the JIT.
            await scenario(recorded ? new Lab(virtualTime: false) : null, 0.01);
        }
        var makespans = new List<double>();
        foreach (var scenario in all)
        {
            var lab = recorded ? new Lab(virtualTime: false) : null;
            var watch = Stopwatch.StartNew();
            await scenario(lab, unit);
            makespans.Add(watch.Elapsed.TotalSeconds);
        }
        return new() { ["makespans"] = makespans, ["peak_kb"] = PeakKb() };
    }

    private static Task Wait(Lab? lab, double seconds) =>
        lab is null ? Task.Delay(TimeSpan.FromSeconds(seconds)) : lab.Delay(TimeSpan.FromSeconds(seconds));

    /// <summary>Scenario 1: five fetches of one unit, started together, awaited with Task.WhenAll; results in start order.</summary>
    private static async Task FanOutScenario(Lab? lab, double unit)
    {
        async Task<string> Fetch(int id)
        {
            using var job = lab?.Track($"fetch {id}");
            using (job?.Begin())
            {
                await Wait(lab, unit);
            }
            return $"page {id}";
        }
        var pages = await Task.WhenAll(Enumerable.Range(0, 5).Select(Fetch));
        if (!pages.SequenceEqual(Enumerable.Range(0, 5).Select(id => $"page {id}")))
        {
            throw new InvalidOperationException("Task.WhenAll returned the pages out of start order: " + string.Join(", ", pages));
        }
    }

    /// <summary>Scenario 2: ten jobs of one unit through a gate of 3 slots.</summary>
    private static async Task SemaphoreScenario(Lab? lab, double unit)
    {
        var gate = new Gate(lab, 3);
        async Task Job(int id)
        {
            using var job = lab?.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using var work = job?.Begin();
                await Wait(lab, unit);
            }
            finally
            {
                gate.Release();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 10).Select(Job));
    }

    /// <summary>Scenario 3: a producer makes 5 items every half unit into a channel; a consumer spends one unit on each.</summary>
    private static async Task QueueScenario(Lab? lab, double unit)
    {
        var channel = lab?.UnboundedChannel<int>("queue") ?? Channel.CreateUnbounded<int>();
        async Task Produce()
        {
            using var job = lab?.Track("producer");
            for (var item = 0; item < 5; item++)
            {
                using (job?.Begin($"make item {item}"))
                {
                    await Wait(lab, unit / 2);
                }
                await channel.Writer.WriteAsync(item);
            }
            channel.Writer.Complete();
        }
        async Task Consume()
        {
            using var job = lab?.Track("consumer");
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                using (job?.Begin($"handle item {item}"))
                {
                    await Wait(lab, unit);
                }
            }
        }
        await Task.WhenAll(Produce(), Consume());
    }

    /// <summary>N tasks that each await 100 ms, all awaited with Task.WhenAll.</summary>
    private static async Task FanOut(int tasks, Lab? lab)
    {
        async Task One(int i)
        {
            using var job = lab?.Track($"task {i}");
            using (job?.Begin())
            {
                await Wait(lab, 0.1);
            }
        }
        var all = new Task[tasks];
        for (var i = 0; i < tasks; i++)
        {
            all[i] = One(i);
        }
        await Task.WhenAll(all);
    }

    /// <summary>N jobs through a gate of LIMIT slots; each job yields once while it holds its slot.</summary>
    private static async Task Throttled(int jobs, int limit, Lab? lab)
    {
        var gate = new Gate(lab, limit);
        async Task Job(int i)
        {
            using var job = lab?.Track($"job {i}");
            await gate.WaitAsync();
            try
            {
                using var work = job?.Begin();
                await Task.Yield();
            }
            finally
            {
                gate.Release();
            }
        }
        var all = new Task[jobs];
        for (var i = 0; i < jobs; i++)
        {
            all[i] = Job(i);
        }
        await Task.WhenAll(all);
    }

    /// <summary>N items from one producer to one consumer through a bounded channel of CAPACITY.</summary>
    private static async Task Pipeline(int items, int capacity, Lab? lab)
    {
        var channel = lab?.BoundedChannel<int>(capacity, "queue") ?? Channel.CreateBounded<int>(capacity);
        async Task Produce()
        {
            using var job = lab?.Track("producer");
            for (var item = 0; item < items; item++)
            {
                await channel.Writer.WriteAsync(item);
            }
            channel.Writer.Complete();
        }
        async Task<int> Consume()
        {
            using var job = lab?.Track("consumer");
            var received = 0;
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                received++;
            }
            return received;
        }
        var consumer = Consume();
        await Task.WhenAll(Produce(), consumer);
        if (consumer.Result != items)
        {
            throw new InvalidOperationException($"the consumer received {consumer.Result:N0} items of {items:N0}");
        }
    }

    /// <summary>A SemaphoreSlim, or the lab's watched semaphore when a lab is recording (its WaitAsync is its own).</summary>
    private sealed class Gate(Lab? lab, int slots)
    {
        private readonly SemaphoreSlim _plain = new(slots);
        private readonly LabSemaphore? _watched = lab?.Semaphore(slots, "gate");

        public Task WaitAsync() => _watched is null ? _plain.WaitAsync() : _watched.WaitAsync();

        public void Release()
        {
            if (_watched is null)
            {
                _plain.Release();
            }
            else
            {
                _watched.Release();
            }
        }
    }

    private static int Count(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number, not '{text}'");

    private static double Seconds(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"SCALE must be a positive number of seconds, not '{text}'");
}
