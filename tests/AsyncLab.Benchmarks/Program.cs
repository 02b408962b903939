using System.Diagnostics;
using AsyncLab;

// Measures what recording costs, next to the same loop with no recorder, in one run:
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks [tasks] [writers]
var tasks = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var writers = args.Length > 1 ? int.Parse(args[1]) : Environment.ProcessorCount;
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
    var fresh = new Lab();
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

Console.WriteLine($"events recorded        {events:N0}");
Console.WriteLine($"loop without recorder  {baseline.TotalMilliseconds,8:N0} ms");
Console.WriteLine($"loop with recorder     {recording.TotalMilliseconds,8:N0} ms   (ratio {recording / baseline:N1}x)");
Console.WriteLine($"recorder memory        {retained / 1024.0 / 1024.0,8:N0} MB  (budget 200 MB)");
Console.WriteLine($"freeze into Timeline   {freezeWatch.ElapsedMilliseconds,8:N0} ms   ({timeline.Tasks.Count:N0} tasks)");
Console.WriteLine(recording < TimeSpan.FromSeconds(1) && retained < 200L * 1024 * 1024
    ? "within budget: under 1 s of recorder time and under 200 MB"
    : "OVER BUDGET");
return recording < TimeSpan.FromSeconds(1) && retained < 200L * 1024 * 1024 ? 0 : 1;

static TimeSpan Best(Action run)
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
