namespace AsyncLab;

/// <summary>Where a tracked task is now.</summary>
public enum TaskState
{
    /// <summary>Tracked, and held back: it has not begun its work, or is between two pieces of it.</summary>
    Waiting,

    /// <summary>Doing its work (inside <c>job.Begin()</c> or <c>job.Run(...)</c>).</summary>
    InProgress,

    /// <summary>Ended: completed, faulted or canceled.</summary>
    Ended,
}
