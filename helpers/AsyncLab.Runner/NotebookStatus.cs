namespace AsyncLab.Runner;

/// <summary>What the runner made of one notebook.</summary>
internal enum NotebookStatus
{
    /// <summary>Every cell ran and the lesson rules hold.</summary>
    Ok,

    /// <summary>Exported without running (--no-exec) and the lesson rules hold.</summary>
    Exported,

    /// <summary>A cell failed, timed out or did not run.</summary>
    Failed,

    /// <summary>The cells ran (or were not run), but a lesson rule stops the conversion to a file-based app.</summary>
    RuleBroken,

    /// <summary>The notebook file could not be read.</summary>
    Malformed,
}
