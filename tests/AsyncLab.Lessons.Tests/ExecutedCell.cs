namespace AsyncLab.Lessons.Tests;

/// <summary>One code cell of a notebook after the kernel ran it.</summary>
/// <param name="Number">The cell's position among the notebook's code cells, from 1.</param>
/// <param name="Code">The cell's source.</param>
/// <param name="Outputs">Every output as plain text (HTML decoded), in order: standard output, displayed values, errors.</param>
/// <param name="Error">The error the cell raised, or null.</param>
/// <param name="Duration">How long the kernel took to run the cell.</param>
internal sealed record ExecutedCell(int Number, string Code, IReadOnlyList<string> Outputs, string? Error, TimeSpan Duration)
{
    /// <summary>All outputs joined, for searching.</summary>
    public string Text => string.Join("\n", Outputs);
}
