using System.Diagnostics;
using AsyncLab.Recording;

namespace AsyncLab;

/// <summary>
/// One task's row on the timeline. It is <em>waiting</em> from <c>lab.Track</c> until <see cref="Begin"/>,
/// <em>in progress</em> until that segment is disposed, and ends when it is disposed (completed) or when
/// <see cref="Fail"/> records an exception. A small handle: copying it refers to the same task.
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
public readonly struct TrackedTask : IDisposable, IEquatable<TrackedTask>
{
    private readonly Recorder? _recorder;

    internal TrackedTask(Recorder recorder, int id)
    {
        _recorder = recorder;
        Id = id;
    }

    /// <summary>The order in which this task was tracked, from 0.</summary>
    public int Id { get; }

    /// <summary>The name shown on its row.</summary>
    public string Name => Recorder.Tasks[Id].Name;

    /// <summary>The row it is drawn in.</summary>
    public string Lane => Recorder.Tasks[Id].Lane ?? Name;

    /// <summary>"waiting", "in progress" or "ended".</summary>
    public string State => Recorder.StateName(Id);

    private Recorder Recorder => _recorder ?? throw new InvalidOperationException(
        "This TrackedTask is empty. Get one from lab.Track(\"name\").");

    /// <summary>
    /// Starts an in-progress segment: the task stops waiting and starts doing its work.
    /// Dispose the returned object (a <c>using</c> block) to end the segment; do that before releasing a
    /// semaphore slot, so the chart never shows more tasks in progress than the limit.
    /// </summary>
    /// <param name="label">Optional text for the segment's hover, such as "item 3".</param>
    /// <exception cref="InvalidOperationException">The task is already in progress, or has ended.</exception>
    public InProgress Begin(string? label = null) => new(this, Recorder.BeginSegment(Id, label));

    /// <summary>Ends the task as completed. Calling it on a task that already ended is a mistake and throws.</summary>
    /// <exception cref="InvalidOperationException">The task has already ended.</exception>
    public void Complete() => Recorder.EndTask(Id, null, throwIfEnded: true);

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
        Recorder.EndTask(Id, error, throwIfEnded: true);
        return false;
    }

    /// <summary>Ends the task as completed unless it already ended (a <c>using</c> declaration does this).</summary>
    public void Dispose() => _recorder?.EndTask(Id, null, throwIfEnded: false);

    internal void EndSegment(int segment) => _recorder?.EndSegment(Id, segment);

    internal bool BelongsTo(Recorder recorder) => ReferenceEquals(_recorder, recorder);

    /// <inheritdoc/>
    public bool Equals(TrackedTask other) => ReferenceEquals(_recorder, other._recorder) && Id == other.Id;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TrackedTask other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_recorder, Id);

    /// <summary>True when both handles refer to the same task.</summary>
    public static bool operator ==(TrackedTask left, TrackedTask right) => left.Equals(right);

    /// <summary>True when the handles refer to different tasks.</summary>
    public static bool operator !=(TrackedTask left, TrackedTask right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => _recorder is null ? "(empty)" : $"{Name} ({State})";
}
