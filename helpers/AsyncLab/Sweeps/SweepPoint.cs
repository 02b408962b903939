using System.Globalization;

namespace AsyncLab;

/// <summary>One run of a <see cref="Sweep"/>: the parameter's value and what the run showed.</summary>
/// <param name="Value">The parameter's value, as a number (for the curve's axis).</param>
/// <param name="Label">The value as written ("3", "0.25").</param>
/// <param name="Timeline">The run's timeline.</param>
public sealed record SweepPoint(double Value, string Label, Timeline Timeline)
{
    /// <summary>The run's makespan.</summary>
    public TimeSpan Makespan => Timeline.Makespan;

    /// <summary>The most tasks in progress at once.</summary>
    public int PeakConcurrency => Timeline.PeakConcurrency;

    /// <summary>
    /// The most tasks waiting at once for one watched resource (<c>lab.Semaphore</c>, a watched channel's readers): the
    /// highest <see cref="ResourceSeries.PeakWaiting"/> of the run; 0 when it watched none.
    /// </summary>
    public int PeakWaiting => Timeline.Resources.Count == 0 ? 0 : Timeline.Resources.Max(r => r.PeakWaiting);

    /// <summary>Tasks finished per second: tracked tasks divided by the makespan in seconds (0 for a run of no time).</summary>
    public double Throughput => Makespan <= TimeSpan.Zero ? 0 : Timeline.Tasks.Count / Makespan.TotalSeconds;

    /// <summary>"3: makespan 4.00 s · peak 3 · peak waiting 7 · 2.50 tasks/s".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Label}: makespan {Makespan.TotalSeconds:0.00} s · peak {PeakConcurrency} · peak waiting {PeakWaiting} · {Throughput:0.00} tasks/s");
}
