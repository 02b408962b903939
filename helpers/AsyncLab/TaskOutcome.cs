namespace AsyncLab;

/// <summary>How a tracked task ended.</summary>
public enum TaskOutcome
{
    /// <summary>It finished its work.</summary>
    Completed,

    /// <summary>It threw an exception; <see cref="TaskRecord.Error"/> holds the message.</summary>
    Faulted,

    /// <summary>It was canceled (an <see cref="OperationCanceledException"/>).</summary>
    Canceled,

    /// <summary>It had not ended when the timeline was frozen.</summary>
    Unfinished,
}
