using System.Collections.Concurrent;
using System.Diagnostics;

namespace AsyncLab.Recording;

/// <summary>
/// The thread-safe event log of one run. Writers append; <see cref="Freeze"/> turns the log into a
/// <see cref="Timeline"/> once, after which every write is refused with a message that says what to do.
/// </summary>
internal sealed class Recorder
{
    private readonly ChunkedLog<LabEvent> _events = new();
    private readonly ChunkedLog<TaskSlot> _tasks = new();
    private readonly ConcurrentDictionary<string, int> _textIds = new();
    private readonly ConcurrentDictionary<int, string> _texts = new();
    private readonly ConcurrentDictionary<int, string> _errors = new();
    private readonly ConcurrentDictionary<int, string> _waitingFor = new();
    private readonly ConcurrentDictionary<object, int> _resourceIds = new(ReferenceEqualityComparer.Instance);
    private readonly List<ResourceInfo> _resources = [];
    private readonly TimeProvider _time;
    /// <summary>True on the system clock: timestamps come straight from <see cref="Stopwatch"/>, with no virtual call.</summary>
    private readonly bool _systemTime;
    private readonly bool _virtualTime;
    /// <summary>The clock's reading when the recording started; events keep their time relative to it.</summary>
    private readonly long _start;
    private int _nextTextId;
    private volatile bool _frozen;

    public Recorder(TimeProvider time, bool virtualTime)
    {
        _time = time;
        _systemTime = ReferenceEquals(time, TimeProvider.System);
        _virtualTime = virtualTime;
        _start = _systemTime ? Stopwatch.GetTimestamp() : time.GetTimestamp();
    }

    public bool IsFrozen => _frozen;

    public int EventCount => _events.Count;

    public TrackedTask Track(string name, string? lane)
    {
        ThrowIfFrozen();
        var id = _tasks.Add(new TaskSlot { Name = name, Lane = lane });
        Write(id, EventKind.TaskTracked);
        return new TrackedTask(this, id);
    }

    public int BeginSegment(int id, string? label)
    {
        ref var slot = ref _tasks.Slot(id);
        while (true)
        {
            var packed = Volatile.Read(ref slot.State);
            var state = TaskSlot.StateOf(packed);
            if (state != TaskSlot.Waiting)
            {
                throw new InvalidOperationException(state == TaskSlot.Working
                    ? $"Task '{slot.Name}' is already in progress. End the current segment (leave its using block) before calling Begin again."
                    : $"Task '{slot.Name}' has already ended, so it cannot begin new work. Track a new task with lab.Track(...) instead.");
            }
            var segment = TaskSlot.SegmentsOf(packed) + 1;
            if (Interlocked.CompareExchange(ref slot.State, TaskSlot.Pack(TaskSlot.Working, segment), packed) == packed)
            {
                LabHost.Current.Stopping.ThrowIfCancellationRequested();
                NoteSuccess(id);
                Write(id, EventKind.SegmentBegan, label is null ? 0 : TextId(label));
                return segment;
            }
        }
    }

    public void EndSegment(int id, int segment)
    {
        ref var slot = ref _tasks.Slot(id);
        var working = TaskSlot.Pack(TaskSlot.Working, segment);
        if (Interlocked.CompareExchange(ref slot.State, TaskSlot.Pack(TaskSlot.Waiting, segment), working) == working && !_frozen)
        {
            Write(id, EventKind.SegmentEnded);
        }
    }

    /// <summary>
    /// Notes that a lab operation of the task threw (a canceled <c>lab.Delay</c>, failed work in
    /// <see cref="TrackedTask.Run"/>). If the task ends without another lab operation succeeding first, it ends with
    /// that error: a <c>using</c> declaration cannot see the exception that unwinds through it, the lab can.
    /// </summary>
    public void NoteFailure(int id, Exception error) => Volatile.Write(ref _tasks.Slot(id).LastFailure, error);

    /// <summary>A lab operation of the task succeeded after an earlier one threw: the task recovered.</summary>
    public void NoteSuccess(int id)
    {
        ref var slot = ref _tasks.Slot(id);
        if (Volatile.Read(ref slot.LastFailure) is not null)
        {
            Volatile.Write(ref slot.LastFailure, null);
        }
    }

    /// <summary>Ends the task as a <c>using</c> declaration does: with the last failure the lab saw, if any.</summary>
    public void EndTaskOnDispose(int id)
    {
        ref var failure = ref _tasks.Slot(id).LastFailure;
        EndTask(id, Volatile.Read(ref failure) is null ? null : Interlocked.Exchange(ref failure, null), throwIfEnded: false);
    }

    public void EndTask(int id, Exception? error, bool throwIfEnded)
    {
        ref var slot = ref _tasks.Slot(id);
        long packed;
        do
        {
            packed = Volatile.Read(ref slot.State);
            if (TaskSlot.StateOf(packed) == TaskSlot.Ended)
            {
                if (throwIfEnded)
                {
                    throw new InvalidOperationException(
                        $"Task '{slot.Name}' has already ended. End each tracked task once: Complete(), Fail(ex), or leave its using block.");
                }
                return;
            }
        }
        while (Interlocked.CompareExchange(ref slot.State, TaskSlot.Pack(TaskSlot.Ended, TaskSlot.SegmentsOf(packed)), packed) != packed);
        if (_frozen)
        {
            return;
        }
        if (error is null)
        {
            Write(id, EventKind.TaskCompleted);
        }
        else
        {
            WriteError(id, error is OperationCanceledException ? EventKind.TaskCanceled : EventKind.TaskFaulted, error.Message);
        }
    }

    public TaskState State(int id) => TaskSlot.StateOf(Volatile.Read(ref _tasks.Slot(id).State)) switch
    {
        TaskSlot.Waiting => TaskState.Waiting,
        TaskSlot.Working => TaskState.InProgress,
        _ => TaskState.Ended,
    };

    public string StateName(int id) => TaskSlot.StateOf(Volatile.Read(ref _tasks.Slot(id).State)) switch
    {
        TaskSlot.Waiting => "waiting",
        TaskSlot.Working => "in progress",
        _ => "ended",
    };

    public int Write(int subject, EventKind kind, int detail = 0)
    {
        ThrowIfFrozen();
        return _events.Add(new LabEvent(Now(), subject, kind, detail));
    }

    /// <summary>Records an event of a watched resource; nothing once the run is frozen (the resource outlives it).</summary>
    public void WriteResource(int resource, EventKind kind, int detail)
    {
        if (!_frozen)
        {
            if (detail >= 0 && ResourceAt(resource).WaitLabel(kind) is { } waitingFor)
            {
                _waitingFor[detail] = waitingFor;
            }
            else if (detail >= 0 && kind is EventKind.ResourceWaitEnded or EventKind.WriterUnblocked)
            {
                _waitingFor.TryRemove(detail, out _);
            }
            _events.Add(new LabEvent(Now(), resource, kind, detail));
        }
    }

    private long Now() => (_systemTime ? Stopwatch.GetTimestamp() : _time.GetTimestamp()) - _start;

    public void WriteError(int taskId, EventKind kind, string message)
    {
        _errors[taskId] = message;
        Write(taskId, kind);
    }

    /// <summary>The index of a watched resource in this run, registering it on first use.</summary>
    /// <param name="resource">The watched object (a semaphore, a channel, a limiter).</param>
    /// <param name="name">Its name on the chart.</param>
    /// <param name="kind">What it is.</param>
    /// <param name="capacity">Slots, capacity or permit limit, if it has one.</param>
    /// <param name="currentLevel">Its level when this run first sees it (permits available); 0 when left out.</param>
    public int ResourceId(object resource, string name, ResourceKind kind, int? capacity, Func<int>? currentLevel = null)
    {
        if (_resourceIds.TryGetValue(resource, out var id))
        {
            return id;
        }
        lock (_resources)
        {
            if (!_resourceIds.TryGetValue(resource, out id))
            {
                id = _resources.Count;
                // Two resources with one name (a cell run twice with the same lab) get told apart on the chart.
                var shown = name;
                for (var copy = 2; _resources.Exists(r => r.Name == shown); copy++)
                {
                    shown = $"{name} ({copy})";
                }
                // The level the run first sees holds from the run's start: nothing changed it before this first use.
                _resources.Add(new ResourceInfo(shown, kind, capacity, currentLevel?.Invoke() ?? 0));
                _resourceIds[resource] = id;
            }
            return id;
        }
    }

    /// <summary>What the task waits for right now, when it waits on a watched resource: "waiting for gate (3 slots)".</summary>
    public string? WaitingFor(int taskId) => _waitingFor.TryGetValue(taskId, out var what) ? what : null;

    private ResourceInfo ResourceAt(int id)
    {
        lock (_resources)
        {
            return _resources[id];
        }
    }

    internal IReadOnlyList<ResourceInfo> Resources
    {
        get
        {
            lock (_resources)
            {
                return [.. _resources];
            }
        }
    }

    public int TextId(string text) =>
        _textIds.GetOrAdd(text, static (key, self) =>
        {
            var id = Interlocked.Increment(ref self._nextTextId);
            self._texts[id] = key;
            return id;
        }, this);

    public void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException(
                "This run's timeline is already frozen, so nothing more can be recorded in it. " +
                "Start a new run with lab.Run(...) (or call lab.Freeze() only after all tasks ended).");
        }
    }

    public Timeline Freeze(TimeSpan? ideal, string? title, IReadOnlyList<string> warnings)
    {
        _frozen = true;
        var spin = new SpinWait();
        while (!_events.IsSettled || !_tasks.IsSettled)
        {
            spin.SpinOnce();
        }
        return new TimelineBuilder(this, _time.TimestampFrequency).Build(ideal, title, _virtualTime, warnings);
    }

    internal ChunkedLog<LabEvent> Events => _events;

    internal ChunkedLog<TaskSlot> Tasks => _tasks;

    internal string Text(int id) => _texts[id];

    internal bool HasErrors => !_errors.IsEmpty;

    internal string? Error(int taskId) => _errors.TryGetValue(taskId, out var message) ? message : null;
}
