namespace AsyncLab.Recording;

/// <summary>One recorded fact. <see cref="Subject"/> is a task id, a queue id, or a text id, by <see cref="Kind"/>.</summary>
internal readonly record struct LabEvent(long Timestamp, int Subject, EventKind Kind, int ThreadId, int Detail);
