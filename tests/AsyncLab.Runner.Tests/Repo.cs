namespace AsyncLab.Runner.Tests;

/// <summary>Paths in the repository, found from the test's output folder.</summary>
internal static class Repo
{
    private static readonly Lazy<string> _root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AsyncLab.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("AsyncLab.slnx not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string Root => _root.Value;

    /// <summary>notebooks/ in the repository.</summary>
    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>A fixture notebook of this test project.</summary>
    public static string Fixture(string name) => Path.Combine(Root, "tests", "AsyncLab.Runner.Tests", "Fixtures", name);

    /// <summary>The lessons: notebooks/*.dib without scratch copies (names starting with a dot).</summary>
    public static IEnumerable<string> Lessons() =>
        Directory.EnumerateFiles(Notebooks, "*.dib").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    /// <summary>Lessons and solutions, as paths relative to notebooks/.</summary>
    public static IEnumerable<string> LessonsAndSolutions() =>
        Lessons().Concat(Directory.Exists(Path.Combine(Notebooks, "solutions"))
            ? Directory.EnumerateFiles(Path.Combine(Notebooks, "solutions"), "*.dib")
                .Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).Select(f => "solutions/" + Path.GetFileName(f))
            : []);

    private static readonly Lazy<string> RunFolder = new(CreateRunFolder);

    /// <summary>A new empty folder under this test run's own temp folder, which is deleted when the run ends.</summary>
    public static string TempFolder(string purpose)
    {
        var folder = Path.Combine(RunFolder.Value, purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string CreateRunFolder()
    {
        var parent = Path.Combine(Path.GetTempPath(), "asynclab-runner-tests");
        var folder = Path.Combine(parent, "run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Directory.Delete(folder, recursive: true);
            if (!Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        };
        return folder;
    }
}
