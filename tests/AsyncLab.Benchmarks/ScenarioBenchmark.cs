using System.Globalization;
using System.Threading.Channels;

namespace AsyncLab.Benchmarks;

/// <summary>
/// The three reference scenarios of scenarios.md, written with the AsyncLab library as a lesson writes them, run on the
/// real clock: how far the makespan lands from the ideal on this machine. The tests check these scenarios exactly in
/// virtual time; this is where real time is looked at.
/// </summary>
internal static class ScenarioBenchmark
{
    private static readonly Scenario[] Scenarios =
    [
        new("1 fan-out, 5 x 1 s", Tasks: 5, Peak: 5, TimeSpan.FromSeconds(1), FanOut),
        new("2 semaphore, 3 of 10 x 1 s", Tasks: 10, Peak: 3, TimeSpan.FromSeconds(4), Throttled),
        new("3 producer/consumer, 5 items", Tasks: 2, Peak: 2, TimeSpan.FromSeconds(5.5), ProducerConsumer),
    ];

    public static async Task<int> Run(string[] args)
    {
        var runs = args.Length > 0
            ? int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"runs must be a positive whole number, not '{args[0]}'")
            : 3;
        Console.WriteLine($"Reference scenarios (scenarios.md) on the real clock, {runs} run(s) each; makespan is the median run.");
        Console.WriteLine($"{"scenario",-30} {"tasks",5} {"peak",5} {"makespan",10} {"worst",10} {"ideal",10} {"makespan/ideal",15} {"worst/ideal",12}");
        var countsHold = true;
        foreach (var scenario in Scenarios)
        {
            var timelines = new List<Timeline>();
            for (var run = 0; run < runs; run++)
            {
                // Real time on purpose, whatever ASYNCLAB_TIME says: the wall clock is what this measures.
                var lab = new Lab(virtualTime: false);
                timelines.Add(await lab.Run(() => scenario.Body(lab), scenario.Ideal, scenario.Name));
            }
            var makespans = timelines.Select(t => t.Makespan).Order().ToArray();
            var median = makespans[makespans.Length / 2];
            var worst = makespans[^1];
            var counts = timelines.All(t => t.Tasks.Count == scenario.Tasks && t.PeakConcurrency == scenario.Peak);
            countsHold &= counts;
            var ideal = scenario.Ideal.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scenario.Name,-30} {timelines[0].Tasks.Count,5} {timelines.Max(t => t.PeakConcurrency),5} {median.TotalSeconds,8:0.000} s {worst.TotalSeconds,8:0.000} s {ideal,8:0.000} s {median.TotalSeconds / ideal,15:0.000} {worst.TotalSeconds / ideal,12:0.000}") +
                (counts ? "" : $"   counts differ from scenarios.md ({scenario.Tasks} tasks, peak {scenario.Peak})"));
        }
        Console.WriteLine();
        return countsHold ? 0 : 1;
    }

    /// <summary>Scenario 1: five fetches of 1 s started together, awaited with Task.WhenAll; results in start order.</summary>
    private static async Task FanOut(Lab lab)
    {
        async Task<string> Fetch(int id)
        {
            using var job = lab.Track($"fetch {id}");
            using (job.Begin())
            {
                await lab.Delay(1.0);
            }
            return $"page {id}";
        }
        var pages = await Task.WhenAll(Enumerable.Range(0, 5).Select(Fetch));
        if (!pages.SequenceEqual(Enumerable.Range(0, 5).Select(id => $"page {id}")))
        {
            throw new InvalidOperationException("Task.WhenAll returned the pages out of start order: " + string.Join(", ", pages));
        }
    }

    /// <summary>Scenario 2: ten jobs of 1 s through SemaphoreSlim(3); the work ends before the slot is released.</summary>
    private static async Task Throttled(Lab lab)
    {
        using var gate = new SemaphoreSlim(3);
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using var work = job.Begin();
                await lab.Delay(1.0);
            }
            finally
            {
                gate.Release();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 10).Select(Job));
    }

    /// <summary>Scenario 3: one producer makes 5 items every 0.5 s into a channel, one consumer spends 1 s on each.</summary>
    private static async Task ProducerConsumer(Lab lab)
    {
        var channel = lab.UnboundedChannel<int>("queue");
        async Task Produce()
        {
            using var job = lab.Track("producer");
            for (var item = 0; item < 5; item++)
            {
                using (job.Begin($"make item {item}"))
                {
                    await lab.Delay(0.5);
                }
                await channel.Writer.WriteAsync(item);
            }
            channel.Writer.Complete();
        }
        async Task Consume()
        {
            using var job = lab.Track("consumer");
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                using (job.Begin($"handle item {item}"))
                {
                    await lab.Delay(1.0);
                }
            }
        }
        await Task.WhenAll(Produce(), Consume());
    }

    private sealed record Scenario(string Name, int Tasks, int Peak, TimeSpan Ideal, Func<Lab, Task> Body);
}
