using System.Diagnostics;
using AsyncLab.Recording;

namespace AsyncLab;

/// <summary>
/// One task's row on the timeline. It is <em>waiting</em> from <c>lab.Track</c> until <see cref="Begin"/> or
/// <see cref="Run(Func{Task}, string?)"/>, <em>in progress</em> while that work runs, and ends when it is disposed.
/// It ends completed, or faulted / canceled when the lab saw its work fail: a <c>lab.Delay</c> that was canceled, or
/// work passed to <see cref="Run(Func{Task}, string?)"/> that threw, unless a later lab operation of the task succeeded
/// (it caught the error and went on). For the exact outcome of code that throws on its own, use
/// <c>lab.Track(name, async job =&gt; ...)</c>, which watches the task's result. A small handle: copying it refers to
/// the same task.
/// </summary>
/// <example>
/// <code>
/// using var job = lab.Track($"fetch {id}");   // waiting from here
/// await gate.WaitAsync();
/// try
/// {
///     await job.Run(() => lab.Delay(1));      // in progress; a failure here is recorded
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

    /// <summary>Waiting, in progress, or ended.</summary>
    public TaskState State => Recorder.State(Id);

    /// <summary>
    /// Runs <paramref name="work"/> as one in-progress segment and waits for it. If the work throws, the task is
    /// marked as failed with that exception (canceled for an <see cref="OperationCanceledException"/>) and the
    /// exception flies on; the mark is lifted if a later lab operation of this task succeeds (a retry that worked).
    /// </summary>
    /// <param name="work">The work, for example <c>() =&gt; lab.Delay(1)</c>.</param>
    /// <param name="label">Optional text for the segment's hover, such as "item 3".</param>
    public async Task Run(Func<Task> work, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var recorder = Recorder;
        var segment = recorder.BeginSegment(Id, label);
        try
        {
            await work();
            recorder.NoteSuccess(Id);
        }
        catch (Exception error)
        {
            recorder.NoteFailure(Id, error);
            throw;
        }
        finally
        {
            recorder.EndSegment(Id, segment);
        }
    }

    /// <summary>Runs <paramref name="work"/> as one in-progress segment and returns its result; see <see cref="Run(Func{Task}, string?)"/>.</summary>
    /// <param name="work">The work, for example <c>async () =&gt; { await lab.Delay(1); return id; }</c>.</param>
    /// <param name="label">Optional text for the segment's hover.</param>
    public async Task<T> Run<T>(Func<Task<T>> work, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        await Run(async () => { result = await work(); }, label);
        return result;
    }

    private Recorder Recorder => _recorder ?? throw new InvalidOperationException(
        "This TrackedTask is empty. Get one from lab.Track(\"name\").");

    /// <summary>
    /// Starts an in-progress segment: the task stops waiting and starts doing its work.
    /// Dispose the returned object (a <c>using</c> block) to end the segment; do that before releasing a
    /// semaphore slot, so the chart never shows more tasks in progress than the limit.
    /// </summary>
    /// <param name="label">Optional text for the segment's hover, such as "item 3".</param>
    /// <exception cref="InvalidOperationException">The task is already in progress, or has ended.</exception>
    public InProgressScope Begin(string? label = null) => new(this, Recorder.BeginSegment(Id, label));

    /// <summary>Ends the task as completed. Calling it on a task that already ended is a mistake and throws.</summary>
    /// <exception cref="InvalidOperationException">The task has already ended.</exception>
    public void Complete() => Recorder.EndTask(Id, null, throwIfEnded: true);

    /// <summary>
    /// Records that the task failed with <paramref name="error"/> (canceled for an
    /// <see cref="OperationCanceledException"/>, faulted otherwise) and ends it. Always returns <c>false</c>,
    /// so it fits an exception filter that records the failure and lets the exception fly on:
    /// <code>catch (Exception ex) when (job.Fail(ex)) { }</code>
    /// Kept for notebooks written before the lab could see outcomes itself.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The task has already ended.</exception>
    [Obsolete("The lab sees failures itself now: write await job.Run(() => work) or await lab.Track(name, async job => { ... }) and let the exception fly. Fail will be removed in a later release.")]
    public bool Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Recorder.EndTask(Id, error, throwIfEnded: true);
        return false;
    }

    /// <summary>
    /// Ends the task unless it already ended (a <c>using</c> declaration does this): completed, or failed with the
    /// last error the lab saw in its work (see <see cref="Run(Func{Task}, string?)"/>).
    /// </summary>
    public void Dispose() => _recorder?.EndTaskOnDispose(Id);

    /// <summary>Ends the task with the outcome of its code: completed when <paramref name="error"/> is null.</summary>
    internal void End(Exception? error) => _recorder?.EndTask(Id, error, throwIfEnded: false);

    internal void NoteFailure(Exception error) => _recorder?.NoteFailure(Id, error);

    internal void NoteSuccess() => _recorder?.NoteSuccess(Id);

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
