using System.Diagnostics;
using AsyncLab.Recording;

namespace AsyncLab;

/// <summary>
/// One task's row on the timeline. It is <em>waiting</em> from <c>lab.Track</c> until <see cref="Begin"/>,
/// <em>in progress</em> until that segment is disposed, and ends when it is disposed (completed) or when
/// <see cref="Fail"/> records an exception.
/// </summary>
/// <example>
/// <code>
/// using var job = lab.Track($"fetch {id}");   // waiting from here
/// await gate.WaitAsync();
/// try
/// {
///     using (job.Begin()) { await lab.Delay(TimeSpan.FromSeconds(1)); }   // in progress
/// }
/// finally { gate.Release(); }
/// </code>
/// </example>
[DebuggerDisplay("{Name}: {State}")]
public sealed class TrackedTask : IDisposable
{
    private const int Waiting = 0, Working = 1, Ended = 2;

    private readonly Lab _lab;
    private readonly Recorder _recorder;
    private int _state;

    internal TrackedTask(Lab lab, Recorder recorder, string name, string? lane)
    {
        _lab = lab;
        _recorder = recorder;
        Name = name;
        Lane = lane ?? name;
        HasExplicitLane = lane is not null;
    }

    /// <summary>The order in which this task was tracked, from 0.</summary>
    public int Id { get; internal set; }

    /// <summary>The name shown on its row.</summary>
    public string Name { get; }

    /// <summary>The row it is drawn in.</summary>
    public string Lane { get; }

    internal bool HasExplicitLane { get; }

    /// <summary>"waiting", "in progress" or "ended".</summary>
    public string State => Volatile.Read(ref _state) switch
    {
        Waiting => "waiting",
        Working => "in progress",
        _ => "ended",
    };

    /// <summary>
    /// Starts an in-progress segment: the task stops waiting and starts doing its work.
    /// Dispose the returned object (a <c>using</c> block) to end the segment; do that before releasing a
    /// semaphore slot, so the chart never shows more tasks in progress than the limit.
    /// </summary>
    /// <param name="label">Optional text for the segment's hover, such as "item 3".</param>
    /// <exception cref="InvalidOperationException">The task is already in progress, or has ended.</exception>
    public InProgress Begin(string? label = null)
    {
        var previous = Interlocked.CompareExchange(ref _state, Working, Waiting);
        if (previous != Waiting)
        {
            throw new InvalidOperationException(previous == Working
                ? $"Task '{Name}' is already in progress. End the current segment (leave its using block) before calling Begin again."
                : $"Task '{Name}' has already ended, so it cannot begin new work. Track a new task with lab.Track(...) instead.");
        }
        _lab.ThrowIfStopRequested();
        _recorder.Write(Id, EventKind.SegmentBegan, label is null ? 0 : _recorder.TextId(label));
        return new InProgress(this);
    }

    /// <summary>Ends the task as completed. Calling it on a task that already ended is a mistake and throws.</summary>
    /// <exception cref="InvalidOperationException">The task has already ended.</exception>
    public void Complete() => End(EventKind.TaskCompleted, null, throwIfEnded: true);

    /// <summary>
    /// Records that the task failed with <paramref name="error"/> (canceled for an
    /// <see cref="OperationCanceledException"/>, faulted otherwise) and ends it. Always returns <c>false</c>,
    /// so it fits an exception filter that records the failure and lets the exception fly on:
    /// <code>catch (Exception ex) when (job.Fail(ex)) { }</code>
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The task has already ended.</exception>
    public bool Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = error is OperationCanceledException ? EventKind.TaskCanceled : EventKind.TaskFaulted;
        End(kind, error.Message, throwIfEnded: true);
        return false;
    }

    /// <summary>Ends the task as completed unless it already ended (a <c>using</c> declaration does this).</summary>
    public void Dispose() => End(EventKind.TaskCompleted, null, throwIfEnded: false);

    internal void EndSegment()
    {
        if (Interlocked.CompareExchange(ref _state, Waiting, Working) == Working && !_recorder.IsFrozen)
        {
            _recorder.Write(Id, EventKind.SegmentEnded);
        }
    }

    private void End(EventKind kind, string? error, bool throwIfEnded)
    {
        var previous = Interlocked.Exchange(ref _state, Ended);
        if (previous == Ended)
        {
            if (throwIfEnded)
            {
                throw new InvalidOperationException(
                    $"Task '{Name}' has already ended. End each tracked task once: Complete(), Fail(ex), or leave its using block.");
            }
            return;
        }
        if (_recorder.IsFrozen)
        {
            return;
        }
        if (error is null)
        {
            _recorder.Write(Id, kind);
        }
        else
        {
            _recorder.WriteError(Id, kind, error);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({State})";
}
