namespace AsyncLab.Runner.Execution;

/// <summary>Where a cell output came from.</summary>
public enum OutputKind
{
    /// <summary>Text the cell wrote to standard output (Console.WriteLine).</summary>
    StandardOutput,

    /// <summary>Text the cell wrote to standard error.</summary>
    StandardError,

    /// <summary>A value the cell displayed (Lab.Show, display).</summary>
    Display,

    /// <summary>The value of the cell's trailing expression.</summary>
    ReturnValue,

    /// <summary>An error the kernel reported.</summary>
    Error,
}
