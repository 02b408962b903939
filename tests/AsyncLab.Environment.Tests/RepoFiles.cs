using System.Text.Json;

namespace AsyncLab.Environment.Tests;

/// <summary>Finds and reads files of the repository from the test's output folder.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>Options that accept what VS Code and dev containers accept: comments and trailing commas.</summary>
    public static readonly JsonDocumentOptions Jsonc = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The repository root (the folder holding AsyncLab.slnx).</summary>
    public static string Root => _root.Value;

    /// <summary>The full path of a file given relative to the root with forward slashes.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The text of a repository file.</summary>
    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>Parses a JSON-with-comments file the way VS Code reads it.</summary>
    public static JsonDocument ReadJsonc(string relativePath) => JsonDocument.Parse(Read(relativePath), Jsonc);

    /// <summary>The version of a tool pinned in .config/dotnet-tools.json.</summary>
    public static string PinnedToolVersion(string packageId)
    {
        using var manifest = ReadJsonc(".config/dotnet-tools.json");
        return manifest.RootElement.GetProperty("tools").GetProperty(packageId).GetProperty("version").GetString()
            ?? throw new InvalidOperationException($"{packageId} has no version in .config/dotnet-tools.json.");
    }

    /// <summary>The version of a package pinned in Directory.Packages.props.</summary>
    public static string PinnedPackageVersion(string packageId)
    {
        var props = System.Xml.Linq.XDocument.Load(PathOf("Directory.Packages.props"));
        var entry = props.Descendants("PackageVersion")
            .FirstOrDefault(e => string.Equals((string?)e.Attribute("Include"), packageId, StringComparison.OrdinalIgnoreCase));
        return (string?)entry?.Attribute("Version")
            ?? throw new InvalidOperationException($"{packageId} is not pinned in Directory.Packages.props.");
    }

    /// <summary>The string items of a JSON array.</summary>
    public static string[] Strings(JsonElement array) =>
        [.. array.EnumerateArray().Select(item => item.GetString() ?? "")];

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
