namespace AsyncLab;

/// <summary>What a task did with a watched resource at one moment (see <see cref="ResourceUse"/>).</summary>
public enum ResourceUseKind
{
    /// <summary>Started waiting: for a semaphore slot, a rate-limiter permit, or an item from an empty channel.</summary>
    WaitBegan,

    /// <summary>Stopped waiting (it got what it waited for, or its wait was canceled).</summary>
    WaitEnded,

    /// <summary>Took a semaphore slot or a rate-limiter permit.</summary>
    Acquired,

    /// <summary>Gave a semaphore slot back.</summary>
    Released,

    /// <summary>A writer found the bounded channel full and began waiting for room.</summary>
    WriterBlocked,

    /// <summary>A held writer got room (or gave up).</summary>
    WriterUnblocked,

    /// <summary>The full channel dropped an item.</summary>
    Dropped,
}
