namespace AsyncLab;

/// <summary>
/// An open in-progress segment returned by <see cref="TrackedTask.Begin"/>. Disposing it ends the segment;
/// disposing it again, or after the task ended, does nothing.
/// </summary>
public sealed class InProgress : IDisposable
{
    private TrackedTask? _task;

    internal InProgress(TrackedTask task) => _task = task;

    /// <summary>Ends the segment: the task goes back to waiting until it begins again or ends.</summary>
    public void Dispose() => Interlocked.Exchange(ref _task, null)?.EndSegment();
}
