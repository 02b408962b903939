using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AsyncLab.Export;

namespace AsyncLab;

/// <summary>
/// The frozen record of one run: every tracked task with its segments, plus what can be read off them
/// (makespan, peak concurrency, concurrency over time, queue depth). Immutable: safe to keep, compare and export.
/// Displayed as the last value of a notebook cell, it shows its chart and <see cref="Summary"/>.
/// </summary>
[DebuggerDisplay("{Summary}")]
public sealed class Timeline
{
    internal Timeline(
        IReadOnlyList<TaskRecord> tasks,
        IReadOnlyList<QueueSeries> queues,
        IReadOnlyList<TimelineMark> marks,
        IReadOnlyList<ThreadSlice> threads,
        TimeSpan? ideal,
        string? title,
        bool virtualTime,
        IReadOnlyList<string>? warnings = null,
        IReadOnlyList<ResourceSeries>? resources = null)
    {
        Warnings = warnings ?? [];
        Resources = resources ?? [];
        Tasks = tasks;
        Queues = queues;
        Marks = marks;
        Threads = threads;
        Ideal = ideal;
        Title = title;
        IsVirtualTime = virtualTime;
        Concurrency = BuildConcurrency(tasks);
        foreach (var point in Concurrency)
        {
            PeakConcurrency = Math.Max(PeakConcurrency, point.Value);
        }
        // One pass over the tasks, by index: a timeline can hold a million of them.
        TimeSpan first = TimeSpan.MaxValue, last = TimeSpan.MinValue;
        for (var t = 0; t < tasks.Count; t++)
        {
            var task = tasks[t];
            first = task.Start < first ? task.Start : first;
            last = task.End > last ? task.End : last;
            Faulted += task.Outcome == TaskOutcome.Faulted ? 1 : 0;
            Canceled += task.Outcome == TaskOutcome.Canceled ? 1 : 0;
        }
        Makespan = tasks.Count == 0 ? TimeSpan.Zero : last - first;
        Summary = BuildSummary();
    }

    /// <summary>An empty timeline: no tasks, no events.</summary>
    public static Timeline Empty { get; } = new([], [], [], [], null, null, false);

    /// <summary>Every tracked task, in the order they started (ties keep the order they were tracked).</summary>
    public IReadOnlyList<TaskRecord> Tasks { get; }

    /// <summary>Depth over time of every queue that saw <c>lab.Enqueued</c> / <c>lab.Dequeued</c>.</summary>
    public IReadOnlyList<QueueSeries> Queues { get; }

    /// <summary>Every watched semaphore and channel (<c>lab.Semaphore</c>, <c>lab.BoundedChannel</c>...), in the order first used.</summary>
    public IReadOnlyList<ResourceSeries> Resources { get; }

    /// <summary>The watched resource called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No resource of that name was watched in this run.</exception>
    public ResourceSeries Resource(string name) =>
        Resources.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException(
            $"No resource called '{name}' was watched in this run. Watched: {(Resources.Count == 0 ? "none (create them with lab.Semaphore(...) or lab.BoundedChannel<T>(...))" : string.Join(", ", Resources.Select(r => $"'{r.Name}'")))}.",
            nameof(name));

    /// <summary>Free-form marks, in time order.</summary>
    public IReadOnlyList<TimelineMark> Marks { get; }

    /// <summary>What really occupied a thread: computing, blocking, and the instants code resumed.</summary>
    public IReadOnlyList<ThreadSlice> Threads { get; }

    /// <summary>The ideal makespan the lesson expects, if one was given; shown in <see cref="Summary"/>.</summary>
    public TimeSpan? Ideal { get; }

    /// <summary>A title for charts, if one was given.</summary>
    public string? Title { get; }

    /// <summary>
    /// What the lab noticed about the run itself, in plain sentences: for example that a virtual-time run waited on
    /// the real clock, so its figures may not be exact. Empty for a clean run.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the run used the lab's virtual clock (exact timings).</summary>
    public bool IsVirtualTime { get; }

    /// <summary>From the first task's start to the last task's end.</summary>
    public TimeSpan Makespan { get; }

    /// <summary>The most tasks in progress at the same moment. At equal times, ends count before starts.</summary>
    public int PeakConcurrency { get; }

    /// <summary>How many tasks were in progress, as a step line starting at 0.</summary>
    public IReadOnlyList<StepPoint> Concurrency { get; }

    /// <summary>How many tasks faulted.</summary>
    public int Faulted { get; }

    /// <summary>How many tasks were canceled.</summary>
    public int Canceled { get; }

    /// <summary>
    /// One line that people and scripts can read, for example
    /// <c>10 tasks · makespan 4.00 s · peak concurrency 3 · ideal 4.00 s</c>.
    /// </summary>
    public string Summary { get; }

    /// <summary>The time each task spent waiting, by task name, in start order.</summary>
    public IReadOnlyList<(string Task, TimeSpan Waiting)> WaitingPerTask =>
        Tasks.Select(t => (t.Name, t.Waiting)).ToArray();

    /// <summary>The tasks that share <paramref name="lane"/>, in start order.</summary>
    public IEnumerable<TaskRecord> InLane(string lane) => Tasks.Where(t => t.Lane == lane);

    /// <summary>The depth series of the queue called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No queue of that name was recorded.</exception>
    public QueueSeries Queue(string name = Lab.DefaultQueue) =>
        Queues.FirstOrDefault(q => q.Name == name)
        ?? throw new ArgumentException(
            $"No queue called '{name}' was recorded. Queues in this timeline: {(Queues.Count == 0 ? "none (call lab.Enqueued / lab.Dequeued)" : string.Join(", ", Queues.Select(q => $"'{q.Name}'")))}.",
            nameof(name));

    /// <summary>The same timeline with a different ideal makespan (for the summary line).</summary>
    public Timeline WithIdeal(TimeSpan ideal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ideal.Ticks, nameof(ideal));
        return new(Tasks, Queues, Marks, Threads, ideal, Title, IsVirtualTime, Warnings, Resources);
    }

    /// <summary>The same timeline with a chart title.</summary>
    public Timeline WithTitle(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        return new(Tasks, Queues, Marks, Threads, Ideal, title, IsVirtualTime, Warnings, Resources);
    }

    /// <summary>
    /// The timeline as JSON: tasks, segments, queues, marks, threads and the summary. Times in seconds; threads are
    /// numbered 1, 2, 3... in the order they first appear, not by their managed thread id.
    /// </summary>
    /// <param name="indented">True for one value a line, easier to read.</param>
    /// <param name="canonical">
    /// True to write tasks in a fixed order (start time, then name, then end, then segments) with ids 0, 1, 2... in
    /// that order, and no thread for the instants where code resumed (which pool thread that is depends on the pool). Two runs of the same scenario then give
    /// identical text even when tasks started on thread-pool threads raced to be tracked first.
    /// </param>
    public string ToJson(bool indented = false, bool canonical = false) => TimelineJson.Write(this, indented, canonical);

    /// <summary>The timeline in the Chrome trace-event format; open it in Perfetto or chrome://tracing.</summary>
    public string ToChromeTrace() => ChromeTrace.Write(this);

    /// <inheritdoc/>
    public override string ToString() => Summary;

    private string BuildSummary()
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{Tasks.Count} {(Tasks.Count == 1 ? "task" : "tasks")} · makespan {Makespan.TotalSeconds:0.00} s · peak concurrency {PeakConcurrency}");
        if (Ideal is { } ideal)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · ideal {ideal.TotalSeconds:0.00} s");
        }
        if (Faulted > 0)
        {
            text += $" · {Faulted} faulted";
        }
        if (Canceled > 0)
        {
            text += $" · {Canceled} canceled";
        }
        return text;
    }

    private static StepPoint[] BuildConcurrency(IReadOnlyList<TaskRecord> tasks)
    {
        // The starts and the ends of the in-progress segments, each sorted on its own (plain numbers sort fast),
        // then walked together in time order.
        var starts = new List<long>(tasks.Count);
        var ends = new List<long>(tasks.Count);
        for (var t = 0; t < tasks.Count; t++)
        {
            var segments = tasks[t].Segments;
            for (var s = 0; s < segments.Count; s++)
            {
                var segment = segments[s];
                if (segment.Kind == SegmentKind.InProgress && segment.End > segment.Start)
                {
                    starts.Add(segment.Start.Ticks);
                    ends.Add(segment.End.Ticks);
                }
            }
        }
        if (starts.Count == 0)
        {
            return [];
        }
        var startTimes = CollectionsMarshal.AsSpan(starts);
        var endTimes = CollectionsMarshal.AsSpan(ends);
        startTimes.Sort();
        endTimes.Sort();
        var points = new List<StepPoint> { new(TimeSpan.Zero, 0) };
        int current = 0, nextStart = 0, nextEnd = 0;
        while (nextEnd < endTimes.Length)
        {
            // Every change at one instant counts before the line is drawn there, so a slot handed over (one task
            // ending as another starts) is never counted twice.
            var time = nextStart < startTimes.Length ? Math.Min(startTimes[nextStart], endTimes[nextEnd]) : endTimes[nextEnd];
            for (; nextEnd < endTimes.Length && endTimes[nextEnd] == time; nextEnd++)
            {
                current--;
            }
            for (; nextStart < startTimes.Length && startTimes[nextStart] == time; nextStart++)
            {
                current++;
            }
            if (points[^1].Value == current)
            {
                continue;
            }
            var at = TimeSpan.FromTicks(time);
            if (points[^1].Time == at)
            {
                points[^1] = new(at, current);
            }
            else
            {
                points.Add(new(at, current));
            }
        }
        return [.. points];
    }
}
