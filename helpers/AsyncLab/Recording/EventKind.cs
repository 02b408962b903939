namespace AsyncLab.Recording;

/// <summary>What a <see cref="LabEvent"/> records. No kind is 0: a log slot that reads 0 has not been written yet.</summary>
internal enum EventKind : byte
{
    TaskTracked = 1,
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
