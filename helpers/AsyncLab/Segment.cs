namespace AsyncLab;

/// <summary>One stretch of a task's row: waiting or in progress, from <see cref="Start"/> to <see cref="End"/>.</summary>
/// <param name="Kind">Waiting (held back by a limit) or in progress (doing its work).</param>
/// <param name="Start">When the segment began, measured from the start of the timeline.</param>
/// <param name="End">When the segment ended, measured from the start of the timeline.</param>
/// <param name="Label">An optional label given to <c>job.Begin("label")</c>, such as "item 3".</param>
public readonly record struct Segment(SegmentKind Kind, TimeSpan Start, TimeSpan End, string? Label = null)
{
    /// <summary>How long the segment lasted.</summary>
    public TimeSpan Duration => End - Start;

    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{(Kind == SegmentKind.Waiting ? "waiting" : "in progress")} {Start.TotalSeconds:0.###}–{End.TotalSeconds:0.###} s{(Label is null ? "" : $" ({Label})")}");
}
