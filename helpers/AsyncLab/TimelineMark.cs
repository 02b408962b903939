namespace AsyncLab;

/// <summary>A free-form moment worth seeing on the chart, such as "producer done".</summary>
/// <param name="Time">When it happened, from the start of the timeline.</param>
/// <param name="Label">What happened.</param>
public readonly record struct TimelineMark(TimeSpan Time, string Label)
{
    /// <summary>The moment and its label, such as <c>2.5 s: producer done</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Time.TotalSeconds:0.###} s: {Label}");
}
