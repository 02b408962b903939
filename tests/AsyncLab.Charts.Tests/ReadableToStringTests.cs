using System.Collections;
using System.Reflection;
using AsyncLab.Exercises;
using AsyncLab.Tests.Shared;

namespace AsyncLab.Charts.Tests;

/// <summary>
/// Every public type of AsyncLab and AsyncLab.Charts prints something a learner can read, because a notebook shows a
/// value by printing it: no bare type name, no <c>System.Collections…</c>, no <c>AsyncLab.StepPoint[]</c>.
/// </summary>
public sealed class ReadableToStringTests
{
    [Fact]
    public async Task ToString_EveryPublicTypeReachedFromSmallVirtualTimeRuns_PrintsReadableText()
    {
        var (roots, live) = await Roots();
        var seen = new Dictionary<Type, List<string>>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var root in roots)
        {
            Walk(root, seen, visited, depth: 0);
        }
        foreach (var (value, text) in live)
        {
            Record(value.GetType(), text, seen);
        }

        var expected = PublicInstanceTypes().ToHashSet();
        Assert.Empty(expected.Where(t => !seen.ContainsKey(t)).Select(t => t.FullName));
        var unreadable = seen.SelectMany(pair => pair.Value.Where(text => !Readable(pair.Key, text)).Select(text => $"{pair.Key.Name}: \"{text}\"")).ToList();
        Assert.Empty(unreadable);
    }

    [Theory]
    [InlineData("Depth = AsyncLab.StepPoint[]", false)]
    [InlineData("System.Collections.Generic.List`1[AsyncLab.Segment]", false)]
    [InlineData("AsyncLab.Prediction", false)]
    [InlineData("Prediction { Makespan = 2 }", false)]
    [InlineData("", false)]
    [InlineData("queue: peak depth 2, 3 changes (0 s: 1, 0.5 s: 2, 1 s: 1)", true)]
    public void Readable_Text_JudgesLikeALearner(string text, bool readable) =>
        Assert.Equal(readable, Readable(typeof(Prediction), text));

    [Fact]
    public void ToString_MarkThreadSlicePredictionLab_PrintTheirContent()
    {
        Assert.Equal("2.5 s: producer done", new TimelineMark(TimeSpan.FromSeconds(2.5), "producer done").ToString());
        Assert.Equal("thread 4 computing 0–0.25 s (worker)", new ThreadSlice(4, ThreadUse.Computing, TimeSpan.Zero, TimeSpan.FromSeconds(0.25), "worker").ToString());
        Assert.Equal("thread 7 resumed at 1.5 s", new ThreadSlice(7, ThreadUse.Resumed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5), null).ToString());
        Assert.Equal("your guess: nothing filled in yet", new Prediction().ToString());
        Assert.Equal(
            "your guess: makespan 2.00 s; peak concurrency 3; queue peak 1 (results); last to end fetch 4; finish order fetch 0, fetch 4",
            new Prediction { Makespan = 2, PeakConcurrency = 3, QueuePeak = 1, Queue = "results", LastToEnd = "fetch 4", FinishOrder = ["fetch 0", "fetch 4"] }.ToString());
        Assert.Equal("lab (virtual time)", new Lab(virtualTime: true).ToString());
    }

    /// <summary>Public types a value of which can exist: not static, abstract, an enum, a delegate or an exception (those print as .NET prints them).</summary>
    private static IEnumerable<Type> PublicInstanceTypes() =>
        new[] { typeof(Timeline).Assembly, typeof(TimelineCharts).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsAbstract && !t.IsEnum && !t.IsInterface && !typeof(Delegate).IsAssignableFrom(t) && !typeof(Exception).IsAssignableFrom(t));

    private static bool Readable(Type type, string text) =>
        !string.IsNullOrWhiteSpace(text)
        && text != type.FullName
        && text != type.Name
        && !text.StartsWith(type.Name + " {", StringComparison.Ordinal)
        && !text.Contains("System.", StringComparison.Ordinal)
        && !ExportedTypeNames.Any(name => text.Contains(name, StringComparison.Ordinal));

    /// <summary>The full names of every public type, such as <c>AsyncLab.StepPoint</c>: none belongs in printed text.</summary>
    private static readonly string[] ExportedTypeNames =
        [.. new[] { typeof(Timeline).Assembly, typeof(TimelineCharts).Assembly }.SelectMany(a => a.GetExportedTypes()).Select(t => t.FullName!)];

    /// <summary>Records every public AsyncLab value reachable through public properties and list items.</summary>
    private static void Walk(object? value, Dictionary<Type, List<string>> seen, HashSet<object> visited, int depth)
    {
        if (value is null or string || depth > 8)
        {
            return;
        }
        var type = value.GetType();
        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }
        if (value is IEnumerable items)
        {
            foreach (var item in items.Cast<object?>().Take(25))
            {
                Walk(item, seen, visited, depth + 1);
            }
        }
        var ours = type.Assembly == typeof(Timeline).Assembly || type.Assembly == typeof(TimelineCharts).Assembly;
        if (!ours || type.IsEnum || type.IsArray || !type.IsVisible)
        {
            return;
        }
        Record(type, value.ToString()!, seen);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.GetValue(value), seen, visited, depth + 1);
        }
    }

    private static void Record(Type type, string text, Dictionary<Type, List<string>> seen)
    {
        if (!seen.TryGetValue(type, out var texts))
        {
            seen[type] = texts = [];
        }
        texts.Add(text);
    }

    /// <summary>
    /// Results of a few small runs (queue and marks, watched gate and channel with drops, failures, threads), a checked
    /// prediction, a sweep and its comparison, a replay; plus what lives only during a run (a tracked task, its scope).
    /// </summary>
    private static async Task<(List<object> Roots, List<(object Value, string Text)> Live)> Roots()
    {
        var live = new List<(object, string)>();
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(1, "gate");
        var threads = await lab.Run(async () =>
        {
            using var job = lab.Track("worker");
            using (var scope = job.Begin("crunch"))
            {
                live.Add((job, job.ToString() ?? string.Empty));
                live.Add((scope, scope.ToString() ?? string.Empty));
                lab.Compute(TimeSpan.FromMilliseconds(1));
            }
            await gate.WaitAsync();
            gate.Release();
            lab.Mark("done");
        }, title: "threads");
        live.Add((lab, lab.ToString() ?? string.Empty));
        var host = new ConsoleChartHost();
        live.Add((host, host.ToString() ?? string.Empty));

        var queue = await ChartTimelines.ProducerConsumer();
        var panels = await ChartTimelines.GateAndDroppingQueue();
        var failures = await ChartTimelines.Throttled(failSome: true);
        var check = queue.Check(new Prediction { Makespan = 5.5, PeakConcurrency = 2, QueuePeak = 1, LastToEnd = "consumer", FinishOrder = ["producer", "consumer"] });
        var sweep = await Sweep.Run([1, 2], async (sweepLab, slots) => (await GatedJobs.Run(sweepLab, jobs: 2, slots)).Timeline, parameter: "slots");
        return ([threads, gate, queue, panels, failures, check, sweep, sweep.Compare(1, 2), panels.Replay(), panels.InXPlot(), SelfCheck.Verify("demo", (true, "hint"))], live);
    }
}
