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
    private readonly ChunkedLog<TrackedTask> _tasks = new();
    private readonly ConcurrentDictionary<string, int> _textIds = new();
    private readonly ConcurrentDictionary<int, string> _texts = new();
    private readonly ConcurrentDictionary<int, string> _errors = new();
    private readonly TimeProvider _time;
    private readonly bool _virtualTime;
    private int _nextTextId;
    private volatile bool _frozen;

    public Recorder(TimeProvider time, bool virtualTime)
    {
        _time = time;
        _virtualTime = virtualTime;
    }

    public bool IsFrozen => _frozen;

    public int EventCount => _events.Count;

    public TrackedTask Track(Lab lab, string name, string? lane)
    {
        ThrowIfFrozen();
        var task = new TrackedTask(lab, this, name, lane);
        task.Id = _tasks.Add(task);
        Write(task.Id, EventKind.TaskTracked);
        return task;
    }

    public int Write(int subject, EventKind kind, int detail = 0)
    {
        ThrowIfFrozen();
        return _events.Add(new LabEvent(_time.GetTimestamp(), subject, kind, Environment.CurrentManagedThreadId, detail));
    }

    public void WriteError(int taskId, EventKind kind, string message)
    {
        _errors[taskId] = message;
        Write(taskId, kind);
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

    public Timeline Freeze(TimeSpan? ideal, string? title)
    {
        _frozen = true;
        var spin = new SpinWait();
        while (!_events.IsSettled || !_tasks.IsSettled)
        {
            spin.SpinOnce();
        }
        return new TimelineBuilder(this, _time.TimestampFrequency).Build(ideal, title, _virtualTime);
    }

    internal ChunkedLog<LabEvent> Events => _events;

    internal ChunkedLog<TrackedTask> Tasks => _tasks;

    internal string Text(int id) => _texts[id];

    internal string? Error(int taskId) => _errors.TryGetValue(taskId, out var message) ? message : null;

    [Conditional("DEBUG")]
    internal void AssertSettled() => Debug.Assert(_events.IsSettled);
}
