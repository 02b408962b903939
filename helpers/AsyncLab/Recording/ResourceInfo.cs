namespace AsyncLab.Recording;

/// <summary>
/// What the recorder keeps about a watched resource: the name it is shown under, its kind, its capacity, and its level
/// when the run first saw it.
/// </summary>
internal sealed record ResourceInfo(string Name, ResourceKind Kind, int? Capacity, int StartLevel = 0)
{
    /// <summary>How a waiting segment names it: "gate (3 slots)", "queue (capacity 2)".</summary>
    public string Described => Kind switch
    {
        ResourceKind.Semaphore => $"{Name} ({Capacity} {(Capacity == 1 ? "slot" : "slots")})",
        ResourceKind.RateLimiter => $"{Name} ({Capacity} {(Capacity == 1 ? "permit" : "permits")})",
        ResourceKind.Server => $"{Name} (limit {Capacity})",
        _ when Capacity is { } capacity => $"{Name} (capacity {capacity})",
        _ => Name,
    };

    /// <summary>
    /// What a task waits for when <paramref name="kind"/> starts a wait on this resource: "waiting for gate (3 slots)",
    /// "waiting for an item from queue", "waiting for room in queue (capacity 1)"; null for events that start no wait.
    /// </summary>
    public string? WaitLabel(EventKind kind) => kind switch
    {
        EventKind.WriterBlocked => $"waiting for room in {Described}",
        EventKind.ResourceWaitBegan when Kind == ResourceKind.Channel => $"waiting for an item from {Described}",
        EventKind.ResourceWaitBegan => $"waiting for {Described}",
        _ => null,
    };
}
