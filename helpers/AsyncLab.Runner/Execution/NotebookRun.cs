namespace AsyncLab.Runner.Execution;

/// <summary>A notebook after a run on the kernel.</summary>
public sealed class NotebookRun
{
    internal NotebookRun(string path, IReadOnlyList<CellResult> cells, IReadOnlyList<CellResult> secondPass, TimeSpan duration)
    {
        Path = path;
        Cells = cells;
        SecondPass = secondPass;
        Duration = duration;
    }

    /// <summary>The notebook file that ran.</summary>
    public string Path { get; }

    /// <summary>The notebook's name without folder or extension, e.g. "01-fan-out-whenall".</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Every cell of the first pass, markdown included, in notebook order.</summary>
    public IReadOnlyList<CellResult> Cells { get; }

    /// <summary>The code cells of the first pass.</summary>
    public IReadOnlyList<CellResult> CodeCells => Cells.Where(c => c.IsCode).ToArray();

    /// <summary>The code cells of the second pass (empty unless <see cref="ExecutorOptions.RunTwice"/>).</summary>
    public IReadOnlyList<CellResult> SecondPass { get; }

    /// <summary>Wall time of the whole run, kernel start included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>True when no cell of either pass failed, timed out or was skipped.</summary>
    public bool Succeeded => FirstProblem is null;

    /// <summary>The first cell that failed, timed out or did not run (first pass first), else null.</summary>
    public CellResult? FirstProblem => Cells.Concat(SecondPass).FirstOrDefault(c => c.IsProblem);

    /// <summary>
    /// A message naming the notebook, the cell number, its first lines and the error, or null when the run succeeded.
    /// </summary>
    public string? Describe()
    {
        if (FirstProblem is not { } cell)
        {
            return null;
        }
        var pass = cell.Pass == 2 ? " (second run)" : "";
        var what = cell.Status switch
        {
            CellStatus.TimedOut => "timed out",
            CellStatus.Skipped => "did not run",
            _ => "failed",
        };
        return $"{Name}: cell {cell.Number}{pass} {what}\n" +
            $"{Indent(cell.FirstLines())}\n{Indent(string.Join("\n", (cell.Error ?? "").Split('\n').Take(3)))}";
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "    " + l));
}
