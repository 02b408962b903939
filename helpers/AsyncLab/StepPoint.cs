namespace AsyncLab;

/// <summary>A value that holds from <see cref="Time"/> until the next point of the same series (a step line).</summary>
/// <param name="Time">When the value took effect, from the start of the timeline.</param>
/// <param name="Value">How many tasks were in progress, or how many items sat in a queue.</param>
public readonly record struct StepPoint(TimeSpan Time, int Value)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Time.TotalSeconds:0.###} s: {Value}");
}
