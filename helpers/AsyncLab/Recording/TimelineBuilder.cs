using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AsyncLab.Recording;

/// <summary>Turns a settled event log into the immutable <see cref="Timeline"/>.</summary>
internal sealed class TimelineBuilder
{
    private readonly Recorder _recorder;
    private readonly long _frequency;
    private long _origin;
    private Dictionary<int, List<(long Timestamp, string Label)>> _waitLabels = [];
    private bool _hasErrors;

    /// <summary>Reused by every task while its segments are built; each task keeps an exact-size copy.</summary>
    private Segment[] _segments = new Segment[8];

    public TimelineBuilder(Recorder recorder, long frequency)
    {
        _recorder = recorder;
        _frequency = frequency;
    }

    // Build and BuildTasks run once per freeze, so tiered compilation would leave their loops in unoptimized code for
    // the freezes of a process that matter most (the first few): compile them fully optimized straight away.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Timeline Build(TimeSpan? ideal, string? title, bool virtualTime, IReadOnlyList<string> warnings)
    {
        var events = _recorder.Events;
        var count = events.Count;
        if (count == 0)
        {
            return new Timeline([], [], [], [], ideal, title, virtualTime, warnings);
        }

        _origin = long.MaxValue;
        var last = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var timestamp = events[i].Timestamp;
            _origin = Math.Min(_origin, timestamp);
            last = Math.Max(last, timestamp);
        }

        var resources = _recorder.Resources;
        var waitLabels = new Dictionary<int, List<(long Timestamp, string Label)>>();
        var resourceEvents = new List<int>[resources.Count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            if (e.Kind < EventKind.ResourceWaitBegan)
            {
                continue;
            }
            (resourceEvents[e.Subject] ??= []).Add(i);
            var label = resources[e.Subject].WaitLabel(e.Kind);
            if (label is not null && e.Detail >= 0)
            {
                if (!waitLabels.TryGetValue(e.Detail, out var labels))
                {
                    waitLabels[e.Detail] = labels = [];
                }
                labels.Add((e.Timestamp, label));
            }
        }
        _waitLabels = waitLabels;

        _hasErrors = _recorder.HasErrors;
        var tasks = BuildTasks(count, ToTime(last));
        var resourceSeries = new ResourceSeries[resources.Count];
        for (var r = 0; r < resources.Count; r++)
        {
            resourceSeries[r] = BuildResource(resources[r], resourceEvents[r] ?? []);
        }
        var queues = new Dictionary<int, List<StepPoint>>();
        var marks = new List<(long Timestamp, int Index, TimelineMark Mark)>();
        var threadOrder = new List<EventOrder>();
        var threadSlices = new List<ThreadSlice>();
        var queueEvents = new List<(long Timestamp, int Index)>();
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            switch (e.Kind)
            {
                case EventKind.Enqueued or EventKind.Dequeued:
                    queueEvents.Add((e.Timestamp, i));
                    break;
                case EventKind.Marked:
                    marks.Add((e.Timestamp, i, new TimelineMark(ToTime(e.Timestamp), _recorder.Text(e.Subject))));
                    break;
                case EventKind.ThreadBusyEnded:
                    var began = events[e.Detail];
                    var (thread, use) = began.ThreadOf;
                    threadOrder.Add(new EventOrder(began.Timestamp, e.Detail));
                    threadSlices.Add(new ThreadSlice(
                        thread, use, ToTime(began.Timestamp), ToTime(e.Timestamp), TaskName(began.Subject)));
                    break;
                case EventKind.Resumed:
                    threadOrder.Add(new EventOrder(e.Timestamp, i));
                    threadSlices.Add(new ThreadSlice(
                        e.ThreadOf.ThreadId, ThreadUse.Resumed, ToTime(e.Timestamp), ToTime(e.Timestamp), TaskName(e.Subject)));
                    break;
            }
        }

        queueEvents.Sort();
        var depths = new Dictionary<int, int>();
        foreach (var (timestamp, index) in queueEvents)
        {
            var e = events[index];
            var depth = depths.GetValueOrDefault(e.Subject) + (e.Kind == EventKind.Enqueued ? 1 : -1);
            depths[e.Subject] = depth;
            if (!queues.TryGetValue(e.Subject, out var points))
            {
                queues[e.Subject] = points = [];
            }
            points.Add(new StepPoint(ToTime(timestamp), depth));
        }

        marks.Sort((a, b) => (a.Timestamp, a.Index).CompareTo((b.Timestamp, b.Index)));
        // Slices come out nearly in time order already; sort (by their keys, not by comparing tuples) only when not.
        var threads = threadSlices.ToArray();
        var threadKeys = threadOrder.ToArray();
        if (!IsSorted(threadKeys))
        {
            Array.Sort(threadKeys, threads);
        }
        return new Timeline(
            tasks,
            [.. queues.Select(q => new QueueSeries(_recorder.Text(q.Key), q.Value.ToArray(), q.Value.Max(p => Math.Max(p.Value, 0))))],
            [.. marks.Select(m => m.Mark)],
            threads,
            ideal,
            title,
            virtualTime,
            warnings,
            resourceSeries);
    }

    private string? TaskName(int taskId) => taskId >= 0 ? _recorder.Tasks[taskId].Name : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TaskRecord[] BuildTasks(int eventCount, TimeSpan frozenAt)
    {
        var events = _recorder.Events;
        var taskCount = _recorder.Tasks.Count;

        // Group each task's events together while keeping the order they were written (a counting sort).
        var starts = new int[taskCount + 1];
        for (var i = 0; i < eventCount; i++)
        {
            if (IsTaskEvent(events[i].Kind))
            {
                starts[events[i].Subject + 1]++;
            }
        }
        for (var t = 0; t < taskCount; t++)
        {
            starts[t + 1] += starts[t];
        }
        var order = new int[starts[taskCount]];
        var next = (int[])starts.Clone();
        for (var i = 0; i < eventCount; i++)
        {
            if (IsTaskEvent(events[i].Kind))
            {
                order[next[events[i].Subject]++] = i;
            }
        }

        // By start (the moment it was tracked), ties in the order tracked. Tasks are usually tracked in start order
        // already: then nothing moves.
        var keys = new TaskOrder[taskCount];
        var sorted = true;
        for (var t = 0; t < taskCount; t++)
        {
            keys[t] = new TaskOrder(StartOf(order.AsSpan(starts[t], starts[t + 1] - starts[t])), t);
            sorted &= t == 0 || keys[t - 1].Start <= keys[t].Start;
        }
        if (!sorted)
        {
            Array.Sort(keys);
        }

        var records = new TaskRecord[taskCount];
        var lanesInUse = new HashSet<string>(taskCount, StringComparer.Ordinal);
        // For each name that several untracked-lane tasks share, the copy number to try next: keeps naming linear.
        var nextCopy = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < taskCount; i++)
        {
            var t = keys[i].Id;
            var task = _recorder.Tasks[t];
            var lane = task.Lane ?? task.Name;
            if (task.Lane is not null)
            {
                lanesInUse.Add(lane);
            }
            else
            {
                // Tasks that share a name and no lane each get a row of their own: "fetch", "fetch (2)", "fetch (3)".
                // A name known to repeat goes straight to its next number; an empty map costs a unique name nothing.
                ref var copyAfter = ref CollectionsMarshal.GetValueRefOrNullRef(nextCopy, lane);
                if (!Unsafe.IsNullRef(ref copyAfter))
                {
                    lane = NumberedLane(lane, ref copyAfter, lanesInUse);
                }
                else if (!lanesInUse.Add(lane))
                {
                    ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(nextCopy, lane, out _);
                    first = 2;
                    lane = NumberedLane(lane, ref first, lanesInUse);
                }
            }
            records[i] = BuildTask(t, task, lane, order.AsSpan(starts[t], starts[t + 1] - starts[t]), frozenAt);
        }
        return records;
    }

    /// <summary>The first free row name "name (n)" from <paramref name="copy"/> on; <paramref name="copy"/> moves past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string NumberedLane(string name, ref int copy, HashSet<string> lanesInUse)
    {
        string numbered;
        while (!lanesInUse.Add(numbered = CopyName(name, copy)))
        {
            copy++;
        }
        copy++;
        return numbered;
    }

    /// <summary>"fetch (3)": the row name of the third task named "fetch", made in one allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string CopyName(string name, int copy)
    {
        Span<char> number = stackalloc char[11];
        copy.TryFormat(number, out var digits, provider: CultureInfo.InvariantCulture);
        return string.Concat(name, " (", number[..digits], ")");
    }

    /// <summary>When a task was tracked: the time of its <see cref="EventKind.TaskTracked"/> event.</summary>
    private TimeSpan StartOf(ReadOnlySpan<int> eventIndexes)
    {
        var events = _recorder.Events;
        var start = TimeSpan.Zero;
        foreach (var index in eventIndexes)
        {
            if (events[index].Kind == EventKind.TaskTracked)
            {
                start = ToTime(events[index].Timestamp);
            }
        }
        return start;
    }

    private TaskRecord BuildTask(int id, TaskSlot task, string lane, ReadOnlySpan<int> eventIndexes, TimeSpan frozenAt)
    {
        var events = _recorder.Events;
        // Each event closes at most two segments.
        if (_segments.Length < 2 * eventIndexes.Length)
        {
            _segments = new Segment[2 * eventIndexes.Length];
        }
        var segments = _segments;
        var segmentCount = 0;
        TimeSpan start = default, end = default;
        TimeSpan? waitingSince = null, inProgressSince = null;
        string? label = null;
        var outcome = TaskOutcome.Unfinished;
        foreach (var index in eventIndexes)
        {
            var e = events[index];
            var time = ToTime(e.Timestamp);
            switch (e.Kind)
            {
                case EventKind.TaskTracked:
                    start = end = time;
                    waitingSince = time;
                    break;
                case EventKind.SegmentBegan:
                    CloseWaiting(time);
                    inProgressSince = time;
                    label = e.Detail == 0 ? null : _recorder.Text(e.Detail);
                    end = time;
                    break;
                case EventKind.SegmentEnded:
                    CloseInProgress(time);
                    waitingSince = time;
                    end = time;
                    break;
                default:
                    outcome = e.Kind switch
                    {
                        EventKind.TaskFaulted => TaskOutcome.Faulted,
                        EventKind.TaskCanceled => TaskOutcome.Canceled,
                        _ => TaskOutcome.Completed,
                    };
                    CloseInProgress(time);
                    // Time between its last piece of work and its end was spent held back (a full bounded channel,
                    // a semaphore); a task that ends right after its work adds nothing here.
                    CloseWaiting(time);
                    end = time;
                    break;
            }
        }
        if (outcome == TaskOutcome.Unfinished)
        {
            CloseInProgress(frozenAt);
            CloseWaiting(frozenAt);
            end = frozenAt;
        }
        return new TaskRecord(id, task.Name, lane, segments.AsSpan(0, segmentCount).ToArray(), outcome,
            _hasErrors ? _recorder.Error(id) : null, start, end);

        void CloseWaiting(TimeSpan time)
        {
            if (waitingSince is { } since && time > since)
            {
                segments[segmentCount++] = new Segment(SegmentKind.Waiting, since, time, WaitLabel(id, since, time));
            }
            waitingSince = null;
        }

        void CloseInProgress(TimeSpan time)
        {
            if (inProgressSince is { } since)
            {
                segments[segmentCount++] = new Segment(SegmentKind.InProgress, since, time, label);
            }
            inProgressSince = null;
        }
    }

    /// <summary>What a waiting stretch of a task waited for: the last watched resource it began waiting on in it.</summary>
    private string? WaitLabel(int taskId, TimeSpan since, TimeSpan until)
    {
        if (!_waitLabels.TryGetValue(taskId, out var labels))
        {
            return null;
        }
        string? found = null;
        foreach (var (timestamp, label) in labels)
        {
            var time = ToTime(timestamp);
            if (time >= since && time <= until)
            {
                found = label;
            }
        }
        return found;
    }

    private ResourceSeries BuildResource(ResourceInfo resource, List<int> indexes)
    {
        var events = _recorder.Events;
        var level = new StepLine(resource.StartLevel);
        var waiting = new StepLine();
        var blocked = new StepLine();
        var drops = new List<TimeSpan>();
        var uses = new List<ResourceUse>();
        indexes.Sort((a, b) => (events[a].Timestamp, a).CompareTo((events[b].Timestamp, b)));
        foreach (var index in indexes)
        {
            var e = events[index];
            var time = ToTime(e.Timestamp);
            switch (e.Kind)
            {
                case EventKind.ResourceAcquired:
                    level.Add(time, +1);
                    break;
                case EventKind.ResourceReleased:
                    level.Add(time, -1);
                    break;
                case EventKind.ChannelCounted:
                    level.Set(time, e.Detail);
                    break;
                case EventKind.ResourceWaitBegan:
                    waiting.Add(time, +1);
                    break;
                case EventKind.ResourceWaitEnded:
                    waiting.Add(time, -1);
                    break;
                case EventKind.WriterBlocked:
                    blocked.Add(time, +1);
                    break;
                case EventKind.WriterUnblocked:
                    blocked.Add(time, -1);
                    break;
                case EventKind.ItemDropped:
                    drops.Add(time);
                    break;
            }
            if (UseKind(e.Kind) is { } use)
            {
                uses.Add(new ResourceUse(time, e.Detail >= 0 ? e.Detail : null, use));
            }
        }
        return new ResourceSeries(resource.Name, resource.Kind, resource.Capacity, level.Points, waiting.Points, blocked.Points, drops) { Uses = uses };
    }

    private static ResourceUseKind? UseKind(EventKind kind) => kind switch
    {
        EventKind.ResourceWaitBegan => ResourceUseKind.WaitBegan,
        EventKind.ResourceWaitEnded => ResourceUseKind.WaitEnded,
        EventKind.ResourceAcquired => ResourceUseKind.Acquired,
        EventKind.ResourceReleased => ResourceUseKind.Released,
        EventKind.WriterBlocked => ResourceUseKind.WriterBlocked,
        EventKind.WriterUnblocked => ResourceUseKind.WriterUnblocked,
        EventKind.ItemDropped => ResourceUseKind.Dropped,
        _ => null,
    };

    private static bool IsSorted(EventOrder[] keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i].CompareTo(keys[i - 1]) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Where a task goes in the timeline: by start, ties in the order tracked.</summary>
    private readonly record struct TaskOrder(TimeSpan Start, int Id) : IComparable<TaskOrder>
    {
        public int CompareTo(TaskOrder other) => Start != other.Start ? Start.CompareTo(other.Start) : Id.CompareTo(other.Id);
    }

    /// <summary>Where an event's item goes: by timestamp, ties in the order written.</summary>
    private readonly record struct EventOrder(long Timestamp, int Index) : IComparable<EventOrder>
    {
        public int CompareTo(EventOrder other) => Timestamp != other.Timestamp ? Timestamp.CompareTo(other.Timestamp) : Index.CompareTo(other.Index);
    }

    private static bool IsTaskEvent(EventKind kind) =>
        kind is EventKind.TaskTracked or EventKind.SegmentBegan or EventKind.SegmentEnded
            or EventKind.TaskCompleted or EventKind.TaskFaulted or EventKind.TaskCanceled;

    private TimeSpan ToTime(long timestamp)
    {
        var delta = timestamp - _origin;
        return _frequency == TimeSpan.TicksPerSecond
            ? TimeSpan.FromTicks(delta)
            : TimeSpan.FromTicks((long)((double)delta * TimeSpan.TicksPerSecond / _frequency));
    }
}
