namespace AsyncLab.Runner.Execution;

/// <summary>One cell of a notebook after a run.</summary>
/// <param name="Number">The cell's position in the notebook, counting every cell from 1 (as an editor shows it).</param>
/// <param name="KernelName">The cell's kernel, e.g. "csharp" or "markdown".</param>
/// <param name="Code">The cell's text as stored in the notebook.</param>
/// <param name="Status">What happened.</param>
/// <param name="Outputs">Everything the cell produced, in order.</param>
/// <param name="Error">
/// The error message when the cell failed or timed out, else null. For a stopped cell, what the kernel answered to the
/// stop (usually "Command cancelled."), or null when the cell ended without an error.
/// </param>
/// <param name="Duration">How long the cell ran.</param>
/// <param name="Pass">1 for the first run, 2 for the re-run.</param>
/// <param name="StoppedAfter">
/// For a <see cref="CellStatus.Stopped"/> cell: the time from pressing the stop button to the cell's end. Null otherwise.
/// </param>
public sealed record CellResult(
    int Number,
    string KernelName,
    string Code,
    CellStatus Status,
    IReadOnlyList<CellOutput> Outputs,
    string? Error,
    TimeSpan Duration,
    int Pass = 1,
    TimeSpan? StoppedAfter = null)
{
    /// <summary>True for cells that run code.</summary>
    public bool IsCode => Status != CellStatus.NotCode;

    /// <summary>
    /// True when the cell failed, timed out or did not run. A <see cref="CellStatus.Stopped"/> cell is not a problem:
    /// the stop was asked for by <see cref="ExecutorOptions.PressStopAfter"/>.
    /// </summary>
    public bool IsProblem => Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.Skipped;

    /// <summary>All outputs as plain text, one after another.</summary>
    public string Text => string.Join("\n", Outputs.Select(o => o.Text));

    /// <summary>The first <paramref name="lines"/> non-empty lines of the code (for messages).</summary>
    public string FirstLines(int lines = 2) =>
        string.Join("\n", Code.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(lines));
}
