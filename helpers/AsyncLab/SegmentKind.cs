namespace AsyncLab;

/// <summary>What a task was doing during one segment of its row.</summary>
public enum SegmentKind
{
    /// <summary>Held back by the program's own limits: waiting for a semaphore slot, an item from a queue.</summary>
    Waiting,

    /// <summary>Doing its work: awaiting I/O or a timer, or computing.</summary>
    InProgress,
}
