namespace AsyncLab;

/// <summary>A value that holds from <see cref="Time"/> until the next point of the same series (a step line).</summary>
/// <param name="Time">When the value took effect, from the start of the timeline.</param>
/// <param name="Value">How many tasks were in progress, or how many items sat in a queue.</param>
public readonly record struct StepPoint(TimeSpan Time, int Value)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Time.TotalSeconds:0.###} s: {Value}");
}

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

/// <summary>A free-form moment worth seeing on the chart, such as "producer done".</summary>
/// <param name="Time">When it happened, from the start of the timeline.</param>
/// <param name="Label">What happened.</param>
public readonly record struct Mark(TimeSpan Time, string Label);
