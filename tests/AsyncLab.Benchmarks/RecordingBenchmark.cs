using System.Diagnostics;
using System.Globalization;

namespace AsyncLab.Benchmarks;

/// <summary>What recording costs, next to the same loop with no recorder, in one run (budget: 1 s and 200 MB).</summary>
internal static class RecordingBenchmark
{
    public static int Run(string[] args)
    {
        var tasks = args.Length > 0 ? Count(args[0], "tasks") : 1_000_000;
        var writers = args.Length > 1 ? Count(args[1], "writers") : Environment.ProcessorCount;
        var names = Enumerable.Range(0, tasks).Select(i => $"task {i}").ToArray();
        Console.WriteLine($"Recording {tasks:N0} tasks (4 events each) from {writers} threads; best of 3.");

        var baseline = Best(() => Parallel.For(0, writers, w =>
        {
            var sink = 0L;
            for (var i = w; i < tasks; i += writers)
            {
                sink += names[i].Length + TimeProvider.System.GetTimestamp();
            }
            GC.KeepAlive(sink);
        }));

        Lab? lab = null;
        long retained = 0;
        var recording = TimeSpan.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            lab = null;
            var before = GC.GetTotalMemory(forceFullCollection: true);
            // Real time on purpose: this measures the recorder on the system clock, whatever ASYNCLAB_TIME says.
            var fresh = new Lab(virtualTime: false);
            var watch = Stopwatch.StartNew();
            Parallel.For(0, writers, w =>
            {
                for (var i = w; i < tasks; i += writers)
                {
                    using var job = fresh.Track(names[i]);
                    using (job.Begin())
                    {
                    }
                }
            });
            watch.Stop();
            recording = TimeSpan.FromTicks(Math.Min(recording.Ticks, watch.Elapsed.Ticks));
            lab = fresh;
            if (round == 0)
            {
                // The first round starts from an empty heap, so what it leaves behind is what the recorder keeps.
                retained = GC.GetTotalMemory(forceFullCollection: true) - before;
            }
            Console.WriteLine($"  round {round + 1}: {watch.ElapsedMilliseconds:N0} ms");
        }

        var events = lab!.EventCount;
        var freezeWatch = Stopwatch.StartNew();
        var timeline = lab.Freeze();
        freezeWatch.Stop();

        var within = recording < TimeSpan.FromSeconds(1) && retained < 200L * 1024 * 1024;
        Console.WriteLine($"events recorded        {events:N0}");
        Console.WriteLine($"loop without recorder  {baseline.TotalMilliseconds,8:N0} ms");
        Console.WriteLine($"loop with recorder     {recording.TotalMilliseconds,8:N0} ms   (ratio {recording / baseline:N1}x)");
        Console.WriteLine($"recorder memory        {retained / 1024.0 / 1024.0,8:N0} MB  (budget 200 MB)");
        Console.WriteLine($"freeze into Timeline   {freezeWatch.ElapsedMilliseconds,8:N0} ms   ({timeline.Tasks.Count:N0} tasks)");
        Console.WriteLine(within ? "within budget: under 1 s of recorder time and under 200 MB" : "OVER BUDGET");
        return within ? 0 : 1;
    }

    private static int Count(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number, not '{text}'");

    private static TimeSpan Best(Action run)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = TimeSpan.FromTicks(Math.Min(best.Ticks, watch.Elapsed.Ticks));
        }
        return best;
    }
}
