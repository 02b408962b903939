namespace AsyncLab;

/// <summary>
/// Thrown by a virtual-time run when no task can ever make progress again: nothing is ready to run and no
/// timer is due. In real time the same program would hang forever.
/// </summary>
public sealed class LabStuckException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the waiting tasks and what to change.</summary>
    public LabStuckException(string message)
        : base(message)
    {
    }
}
