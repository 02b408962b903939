namespace AsyncLab.Recording;

internal enum EventKind : byte
{
    TaskTracked,
    SegmentBegan,
    SegmentEnded,
    TaskCompleted,
    TaskFaulted,
    TaskCanceled,
    Enqueued,
    Dequeued,
    Marked,
    ThreadBusyBegan,
    ThreadBusyEnded,
    Resumed,

    // Watched resources: Subject is the resource's index, Detail the tracked task's id (or -1), unless noted.
    ResourceWaitBegan,
    ResourceWaitEnded,
    ResourceAcquired,
    ResourceReleased,
    /// <summary>The channel's own count after a write or read; Detail is the count.</summary>
    ChannelCounted,
    WriterBlocked,
    WriterUnblocked,
    ItemDropped,
}
