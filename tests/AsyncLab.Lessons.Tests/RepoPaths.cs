namespace AsyncLab.Lessons.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The repository root (the folder holding AsyncLab.slnx).</summary>
    public static string Root => _root.Value;

    /// <summary>The full path of a notebook, e.g. Notebook("01-fan-out-whenall.dib").</summary>
    public static string Notebook(string relativePath) => Path.Combine(Root, "notebooks", relativePath);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AsyncLab.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("AsyncLab.slnx not found above " + AppContext.BaseDirectory);
    }
}
