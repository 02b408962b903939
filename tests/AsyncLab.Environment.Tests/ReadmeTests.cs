using System.Text.RegularExpressions;

namespace AsyncLab.Environment.Tests;

/// <summary>The README's set-up facts agree with the repository.</summary>
public sealed partial class ReadmeTests
{
    private static string Readme => RepoFiles.Read("README.md");

    [Fact]
    public void QuickStart_TwoCommands_AreTheRunnerAndTheTests()
    {
        var quickStart = Section("Quick start");

        var commands = ShellBlock().Matches(quickStart).Select(m => m.Groups["body"].Value.Trim()).ToArray();

        Assert.Equal(["dotnet run --project helpers/AsyncLab.Runner", "dotnet test --max-parallel-test-modules 1"], commands);
    }

    [Fact]
    public void CiScript_TestCommand_IsTheReadmeOne()
    {
        var lastCommand = RepoFiles.Read(".ci/run").Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0);

        Assert.Equal("dotnet test --max-parallel-test-modules 1", lastCommand);
    }

    [Fact]
    public void Lessons_EveryNotebook_IsLinked()
    {
        var lessons = Section("Lessons");

        var notebooks = Directory.GetFiles(RepoFiles.PathOf("notebooks"), "*.dib")
            .Where(path => LessonName().IsMatch(Path.GetFileName(path)));
        foreach (var notebook in notebooks)
        {
            Assert.Contains($"(notebooks/{Path.GetFileName(notebook)})", lessons);
        }
    }

    [Theory]
    [InlineData("microsoft.dotnet-interactive")]
    [InlineData("dotnet-repl")]
    public void PinnedVersions_Tools_MatchTheToolManifest(string tool)
    {
        Assert.Contains($"| `{tool}`", Section("Polyglot Notebooks is deprecated: what that means here"));
        Assert.Contains($"| {RepoFiles.PinnedToolVersion(tool)} |", Section("Polyglot Notebooks is deprecated: what that means here"));
    }

    [Theory]
    [InlineData("Microsoft.DotNet.Interactive")]
    [InlineData("Plotly.NET")]
    public void PinnedVersions_Packages_MatchDirectoryPackagesProps(string package)
    {
        var row = Section("Polyglot Notebooks is deprecated: what that means here").Split('\n')
            .Single(line => line.StartsWith($"| `{package}`", StringComparison.Ordinal));

        Assert.Contains($"| {RepoFiles.PinnedPackageVersion(package)} |", row);
    }

    [Fact]
    public void PinnedVersions_PlotlyNetInteractive_IsNotPinnedAndTheReadmeSaysWhatReplacesIt()
    {
        var pins = System.Xml.Linq.XDocument.Load(RepoFiles.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Select(p => (string?)p.Attribute("Include"));

        Assert.DoesNotContain("Plotly.NET.Interactive", pins);
        Assert.Contains("AsyncLab.Interactive's own offline formatter replaces its CDN-based one",
            Section("Polyglot Notebooks is deprecated: what that means here").ReplaceLineEndings(" "));
    }

    /// <summary>The text of a level-2 section, up to the next level-2 heading.</summary>
    private static string Section(string heading)
    {
        var text = Readme;
        var start = text.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section \"## {heading}\".");
        var end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"^\d\d-[a-z0-9-]+\.dib$")]
    private static partial Regex LessonName();

    [GeneratedRegex("```sh\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
