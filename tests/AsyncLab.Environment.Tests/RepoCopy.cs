namespace AsyncLab.Environment.Tests;

/// <summary>
/// A copy of the repository's working tree in a temp folder, as a fresh clone has it: no build output, no
/// artifacts, no git data. Tests that build or restore work on a copy so they never race other tests' builds.
/// </summary>
internal static class RepoCopy
{
    private static readonly HashSet<string> _skipped = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", ".build", "artifacts", "TestResults", "charts", ".vs", ".idea",
    };

    /// <summary>Copies the repository into <paramref name="destination"/>, which must exist.</summary>
    public static void To(string destination) => CopyFolder(new DirectoryInfo(RepoFiles.Root), new DirectoryInfo(destination));

    private static void CopyFolder(DirectoryInfo source, DirectoryInfo target)
    {
        target.Create();
        foreach (var file in source.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(target.FullName, file.Name));
        }
        foreach (var folder in source.EnumerateDirectories())
        {
            if (_skipped.Contains(folder.Name) || folder.LinkTarget is not null)
            {
                continue;
            }
            CopyFolder(folder, new DirectoryInfo(Path.Combine(target.FullName, folder.Name)));
        }
    }
}
