namespace AsyncLab;

/// <summary>The depth of one named queue over time.</summary>
/// <param name="Name">The queue's name, as given to <c>lab.Enqueued(name)</c>.</param>
/// <param name="Depth">Items waiting in the queue after each put or take, in time order.</param>
/// <param name="Peak">The largest depth reached.</param>
public sealed record QueueSeries(string Name, IReadOnlyList<StepPoint> Depth, int Peak)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: peak depth {Peak}, {Depth.Count} {(Depth.Count == 1 ? "change" : "changes")}" +
        (Depth.Count == 0 ? "" : $" ({string.Join(", ", Depth.Take(6).Select(p => p.ToString()))}{(Depth.Count > 6 ? ", ..." : "")})");
}
