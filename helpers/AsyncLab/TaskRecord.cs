namespace AsyncLab;

/// <summary>Everything the timeline knows about one tracked task.</summary>
/// <param name="Id">The order in which the task was tracked, from 0.</param>
/// <param name="Name">The name given to <c>lab.Track(name)</c>.</param>
/// <param name="Lane">The row the task is drawn in; tasks that share a lane share a row.</param>
/// <param name="Segments">Its waiting and in-progress segments, in time order, never overlapping.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">The exception message when it faulted or was canceled.</param>
/// <param name="Start">When it was tracked.</param>
/// <param name="End">When it ended (or its last segment ended, if it never did).</param>
public sealed record TaskRecord(
    int Id,
    string Name,
    string Lane,
    IReadOnlyList<Segment> Segments,
    TaskOutcome Outcome,
    string? Error,
    TimeSpan Start,
    TimeSpan End)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Name}: {Start.TotalSeconds:0.00}–{End.TotalSeconds:0.00} s, {Outcome.ToString().ToLowerInvariant()}, in progress {InProgress.TotalSeconds:0.00} s, waiting {Waiting.TotalSeconds:0.00} s{(Error is null ? "" : $" ({Error})")}");

    /// <summary>Total time spent waiting (held back by the program's limits).</summary>
    public TimeSpan Waiting => Sum(SegmentKind.Waiting);

    /// <summary>Total time spent in progress.</summary>
    public TimeSpan InProgress => Sum(SegmentKind.InProgress);

    private TimeSpan Sum(SegmentKind kind)
    {
        var total = TimeSpan.Zero;
        foreach (var segment in Segments)
        {
            if (segment.Kind == kind)
            {
                total += segment.Duration;
            }
        }
        return total;
    }
}
