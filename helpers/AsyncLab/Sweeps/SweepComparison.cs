using System.Globalization;

namespace AsyncLab;

/// <summary>
/// Two runs of a <see cref="SweepResult"/> side by side, and one line that says what changed:
/// <c>with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%</c>. AsyncLab.Charts draws both timelines on one time scale.
/// </summary>
/// <param name="Parameter">The parameter's name, such as "slots".</param>
/// <param name="Baseline">The run compared against.</param>
/// <param name="Other">The run compared.</param>
public sealed record SweepComparison(string Parameter, SweepPoint Baseline, SweepPoint Other)
{
    /// <summary>How much the makespan changed, as a fraction of the baseline's: −0.25 is 25% shorter.</summary>
    public double MakespanChange => Baseline.Makespan <= TimeSpan.Zero
        ? 0
        : (Other.Makespan - Baseline.Makespan).TotalSeconds / Baseline.Makespan.TotalSeconds;

    /// <summary>The diff line, for example <c>with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%</c>.</summary>
    public string DiffLine => string.Create(CultureInfo.InvariantCulture,
        $"{With(Baseline)}: {Baseline.Makespan.TotalSeconds:0.00} s · {With(Other)}: {Other.Makespan.TotalSeconds:0.00} s, {Percent(MakespanChange)}");

    /// <summary>The diff line.</summary>
    public override string ToString() => DiffLine;

    /// <summary>A run named by its value: "with 4 slots", "with 1 slot".</summary>
    public string With(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return $"with {point.Label} {Noun(Parameter, point.Value)}";
    }

    /// <summary>The parameter as a noun for one value: "slots" for 1 is "slot", "fetches" is "fetch"; other words stay.</summary>
    internal static string Noun(string parameter, double value)
    {
        if (value != 1 || parameter.Length < 3 || !parameter.EndsWith('s') || parameter.EndsWith("ss", StringComparison.Ordinal))
        {
            return parameter;
        }
        string[] esEndings = ["ches", "shes", "xes", "sses", "zes"];
        return esEndings.Any(e => parameter.EndsWith(e, StringComparison.Ordinal)) ? parameter[..^2] : parameter[..^1];
    }

    /// <summary>"−25%", "+50%", "±0%": whole percent, a real minus sign.</summary>
    private static string Percent(double change)
    {
        var percent = (int)Math.Round(change * 100, MidpointRounding.AwayFromZero);
        return percent switch
        {
            < 0 => $"−{(-percent).ToString(CultureInfo.InvariantCulture)}%",
            > 0 => $"+{percent.ToString(CultureInfo.InvariantCulture)}%",
            _ => "±0%",
        };
    }
}
