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
}
