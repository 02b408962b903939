using System.Globalization;

namespace AsyncLab;

/// <summary>
/// What one watched resource did over the run, as step lines on the tasks' time axis. For a semaphore,
/// <see cref="Level"/> is the slots in use and <see cref="Waiting"/> the tasks waiting for one; for a channel,
/// <see cref="Level"/> is the items in it (read from the channel itself), <see cref="Waiting"/> the readers waiting for
/// an item, <see cref="Blocked"/> the writers held by a full channel and <see cref="Drops"/> the items it dropped.
/// </summary>
/// <param name="Name">The name given when it was watched.</param>
/// <param name="Kind">Semaphore or channel.</param>
/// <param name="Capacity">Slots of a semaphore, capacity of a bounded channel; null for an unbounded channel.</param>
/// <param name="Level">Slots in use, or items in the channel, after each change.</param>
/// <param name="Waiting">Tasks waiting for a slot, or readers waiting for an item.</param>
/// <param name="Blocked">Writers waiting for room in a full channel (always empty for a semaphore).</param>
/// <param name="Drops">When the channel dropped an item because it was full.</param>
public sealed record ResourceSeries(
    string Name,
    ResourceKind Kind,
    int? Capacity,
    IReadOnlyList<StepPoint> Level,
    IReadOnlyList<StepPoint> Waiting,
    IReadOnlyList<StepPoint> Blocked,
    IReadOnlyList<TimeSpan> Drops)
{
    /// <summary>
    /// Who waited, took, gave back or was held, in time order (ties in the order recorded). A channel's reads and writes
    /// that change only its count are in <see cref="Level"/>, not here.
    /// </summary>
    public IReadOnlyList<ResourceUse> Uses { get; init; } = [];

    /// <summary>The highest <see cref="Level"/> reached.</summary>
    public int PeakLevel => Peak(Level);

    /// <summary>The most tasks waiting at once.</summary>
    public int PeakWaiting => Peak(Waiting);

    /// <summary>The most writers blocked at once.</summary>
    public int PeakBlocked => Peak(Blocked);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = Kind switch
        {
            ResourceKind.Semaphore => $"{Name} (semaphore, {Capacity} {(Capacity == 1 ? "slot" : "slots")}): peak {PeakLevel} in use, peak {PeakWaiting} waiting",
            ResourceKind.RateLimiter => $"{Name} (rate limiter, {Capacity} {(Capacity == 1 ? "permit" : "permits")}): lowest {(Level.Count == 0 ? 0 : Level.Min(p => p.Value))} available, peak {PeakWaiting} queued",
            ResourceKind.Server => $"{Name} (server, limit {Capacity}): peak {PeakLevel} in flight, {Drops.Count} refused (429)",
            _ => $"{Name} (channel, {(Capacity is { } capacity ? $"capacity {capacity}" : "unbounded")}): peak {PeakLevel} items, " +
              $"peak {PeakWaiting} readers waiting, peak {PeakBlocked} writers blocked",
        };
        return Drops.Count == 0 || Kind == ResourceKind.Server ? text : text + string.Create(CultureInfo.InvariantCulture, $", {Drops.Count} dropped");
    }

    private static int Peak(IReadOnlyList<StepPoint> points) => points.Count == 0 ? 0 : points.Max(p => p.Value);
}
