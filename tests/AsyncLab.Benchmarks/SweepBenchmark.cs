using System.Diagnostics;
using System.Globalization;

namespace AsyncLab.Benchmarks;

/// <summary>
/// How long a sweep takes: N virtual-time runs (default 1,000) of ten jobs of 1 s through a semaphore, the slots going
/// round 1..10, each in a fresh lab as <see cref="Sweep.Run{T}"/> makes them. Budget: 2 s for 1,000 runs. Printed, never
/// asserted by the tests (the tests check the sweep's figures exactly; this is where its speed is looked at).
/// </summary>
internal static class SweepBenchmark
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static async Task<int> Run(string[] args)
    {
        var runs = args.Length > 0
            ? int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"runs must be a positive whole number, not '{args[0]}'")
            : 1000;

        // One warm-up sweep so the first run's JIT is not counted.
        await Sweep.Run(Enumerable.Range(1, 10), TenJobs, parameter: "slots");

        var clock = Stopwatch.StartNew();
        var done = 0;
        var makespans = 0.0;
        while (done < runs)
        {
            var values = Enumerable.Range(1, Math.Min(10, runs - done));
            var sweep = await Sweep.Run(values, TenJobs, parameter: "slots");
            makespans += sweep.Points.Sum(p => p.Makespan.TotalSeconds);
            done += sweep.Points.Count;
        }
        clock.Stop();
        var budget = Budget * (runs / 1000.0);
        var ok = clock.Elapsed <= budget;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sweep: {runs:N0} virtual-time runs of a 10-task scenario in {clock.Elapsed.TotalSeconds:0.000} s ({clock.Elapsed.TotalMilliseconds * 1000 / runs:0} µs a run; {makespans:0} virtual seconds); budget {budget.TotalSeconds:0.00} s: {(ok ? "ok" : "OVER")}"));
        return ok ? 0 : 1;
    }

    private static async Task<Timeline> TenJobs(Lab lab, int slots)
    {
        var gate = lab.Semaphore(slots, "gate");
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using (job.Begin())
                {
                    await lab.Delay(TimeSpan.FromSeconds(1));
                }
            }
            finally
            {
                gate.Release();
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Job)));
    }
}
