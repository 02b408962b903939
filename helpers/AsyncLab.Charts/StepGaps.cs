namespace AsyncLab.Charts;

/// <summary>
/// Closes the short dips of a real-time step line. On the real clock one task hands over to the next a few
/// microseconds later, and a concurrency line drawn exactly shows each hand-over as a spike towards 0. Dips shorter
/// than <see cref="DisplayThresholdMs"/> are drawn as if the line stayed up; the bars keep their exact times on hover.
/// </summary>
internal static class StepGaps
{
    /// <summary>Dips shorter than this many milliseconds are not drawn (real-time timelines only).</summary>
    public const double DisplayThresholdMs = 1.0;

    /// <summary>
    /// The points without dips shorter than <paramref name="thresholdMs"/>: a value lower than the one before it that
    /// rises again within the threshold is skipped; the line goes straight to the next value.
    /// </summary>
    public static IReadOnlyList<StepPoint> Close(IReadOnlyList<StepPoint> points, double thresholdMs = DisplayThresholdMs)
    {
        if (points.Count < 3 || thresholdMs <= 0)
        {
            return points;
        }
        var threshold = TimeSpan.FromMilliseconds(thresholdMs);
        var result = new List<StepPoint>(points.Count) { points[0] };
        for (var i = 1; i < points.Count; i++)
        {
            var point = points[i];
            var isDip = i + 1 < points.Count
                && point.Value < result[^1].Value
                && points[i + 1].Value > point.Value
                && points[i + 1].Time - point.Time < threshold;
            if (isDip || point.Value == result[^1].Value)
            {
                continue;
            }
            result.Add(point);
        }
        return result;
    }
}
