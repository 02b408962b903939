namespace AsyncLab.Runner.Execution;

/// <summary>What the kernel answered to one submitted cell.</summary>
/// <param name="Outputs">Everything the cell produced, in order.</param>
/// <param name="Error">The kernel's error message, or null when the cell succeeded.</param>
/// <param name="StoppedAfter">
/// When the stop button was pressed while the cell ran: the time from the press to the kernel's answer; else null.
/// </param>
internal sealed record Submission(IReadOnlyList<CellOutput> Outputs, string? Error, TimeSpan? StoppedAfter = null);
