namespace AsyncLab.Runner.Execution;

/// <summary>What happened to one cell.</summary>
public enum CellStatus
{
    /// <summary>A markdown (or other non-code) cell: nothing to run.</summary>
    NotCode,

    /// <summary>The cell ran without an error.</summary>
    Succeeded,

    /// <summary>The cell reported an error (compile error, exception, failed directive).</summary>
    Failed,

    /// <summary>The cell ran longer than <see cref="ExecutorOptions.CellTimeout"/> and was stopped.</summary>
    TimedOut,

    /// <summary>The cell did not run because the kernel stopped earlier.</summary>
    Skipped,

    /// <summary>
    /// The stop button was pressed while the cell ran, as <see cref="ExecutorOptions.PressStopAfter"/> asked, and the cell
    /// then ended (see <see cref="CellResult.StoppedAfter"/>). The kernel stays up: the run goes on with the next cell.
    /// </summary>
    Stopped,
}
