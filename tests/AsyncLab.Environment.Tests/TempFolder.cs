namespace AsyncLab.Environment.Tests;

/// <summary>A new empty folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder; <paramref name="prefix"/> shows in its name.</summary>
    public TempFolder(string prefix)
    {
        Path = Directory.CreateTempSubdirectory("asynclab-" + prefix + "-").FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of an item inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; the system cleans temp later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
