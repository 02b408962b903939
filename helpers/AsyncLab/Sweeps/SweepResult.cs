using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AsyncLab;

/// <summary>
/// The runs of one scenario across a parameter (<see cref="Sweep.Run{T}"/>): one <see cref="SweepPoint"/> per value,
/// in the order given. AsyncLab.Charts draws it as a curve of makespan, throughput and peak waiting against the
/// parameter, above one small timeline per value.
/// </summary>
[DebuggerDisplay("{Parameter}: {Points.Count} runs")]
public sealed class SweepResult
{
    internal SweepResult(string parameter, string? title, IReadOnlyList<SweepPoint> points)
    {
        Parameter = parameter;
        Title = title;
        Points = points;
    }

    /// <summary>The parameter's name, such as "slots".</summary>
    public string Parameter { get; }

    /// <summary>A title for charts, if one was given.</summary>
    public string? Title { get; }

    /// <summary>One run per value, in the order the values were given.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>The run for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The sweep did not run that value.</exception>
    public SweepPoint Point(double value) =>
        Points.FirstOrDefault(p => p.Value == value)
        ?? throw new ArgumentException(
            $"The sweep did not run {Parameter} = {value.ToString(CultureInfo.InvariantCulture)}. It ran: {string.Join(", ", Points.Select(p => p.Label))}.",
            nameof(value));

    /// <summary>Two runs side by side with a diff line: <c>with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%</c>.</summary>
    /// <param name="baseline">The value compared against.</param>
    /// <param name="other">The value compared.</param>
    /// <exception cref="ArgumentException">The sweep did not run one of the values.</exception>
    public SweepComparison Compare(double baseline, double other) => new(Parameter, Point(baseline), Point(other));

    /// <summary>
    /// The smallest value whose makespan is within <paramref name="within"/> (a fraction; 0.05 is 5%) of the best
    /// makespan of the sweep: "how many slots are enough?". With <c>within: 0</c> it is the smallest value that reaches
    /// the best makespan exactly.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="within"/> is negative or not a number.</exception>
    public SweepPoint Enough(double within = 0.05)
    {
        if (!(within >= 0) || double.IsInfinity(within))
        {
            throw new ArgumentOutOfRangeException(nameof(within), within, "Give a fraction of the best makespan, 0 or more: 0.05 is 5%.");
        }
        var best = Points.Min(p => p.Makespan).TotalSeconds;
        return Points.Where(p => p.Makespan.TotalSeconds <= best * (1 + within) + 1e-9).MinBy(p => p.Value)!;
    }

    /// <summary>The point's value with the parameter as a noun: "4 slots", "1 slot".</summary>
    public string Describe(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return $"{point.Label} {SweepComparison.Noun(Parameter, point.Value)}";
    }

    /// <summary>A table: one line per value, then which value is enough (within 5% of the best makespan).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Title is null ? $"{Parameter}: {Points.Count} runs" : $"{Title} · {Parameter}: {Points.Count} runs");
        foreach (var point in Points)
        {
            text.Append('\n').Append(Parameter).Append(' ').Append(point);
        }
        var enough = Enough();
        text.Append('\n').Append(string.Create(CultureInfo.InvariantCulture,
            $"enough: {enough.Label} {SweepComparison.Noun(Parameter, enough.Value)} (makespan {enough.Makespan.TotalSeconds:0.00} s, within 5% of the best)"));
        return text.ToString();
    }
}
