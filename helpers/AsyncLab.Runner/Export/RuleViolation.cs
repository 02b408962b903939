namespace AsyncLab.Runner.Export;

/// <summary>A lesson-writing rule a notebook breaks (see notebooks/AUTHORING.md).</summary>
/// <param name="Cell">The cell's position in the notebook, counting every cell from 1.</param>
/// <param name="Message">What is wrong and what to do instead.</param>
/// <param name="BreaksConversion">True when the notebook cannot become a file-based app until this is fixed.</param>
public sealed record RuleViolation(int Cell, string Message, bool BreaksConversion = true)
{
    /// <inheritdoc />
    public override string ToString() => $"cell {Cell}: {Message}";
}
