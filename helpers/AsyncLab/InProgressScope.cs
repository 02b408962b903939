namespace AsyncLab;

/// <summary>
/// An open in-progress segment returned by <see cref="TrackedTask.Begin"/>. Disposing it ends that segment;
/// disposing it again, or after the task has begun another segment or ended, does nothing.
/// </summary>
public readonly struct InProgressScope : IDisposable
{
    private readonly TrackedTask _task;
    private readonly int _segment;

    internal InProgressScope(TrackedTask task, int segment)
    {
        _task = task;
        _segment = segment;
    }

    /// <summary>Ends the segment: the task goes back to waiting until it begins again or ends.</summary>
    public void Dispose() => _task.EndSegment(_segment);

    /// <summary>Which task the segment belongs to, such as <c>in-progress segment of fetch 3 (InProgress)</c>.</summary>
    public override string ToString() => $"in-progress segment of {_task}";
}
