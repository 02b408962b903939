using System.Xml.Linq;

namespace AsyncLab.Runner.Tests;

/// <summary>Directory.Packages.props pins only what a project uses.</summary>
public sealed class PackagePinTests
{
    [Fact]
    public void DirectoryPackagesProps_EveryPin_IsReferencedByAProject()
    {
        var pins = XDocument.Load(Path.Combine(Repo.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Select(p => (string)p.Attribute("Include")!);
        var projects = Directory.EnumerateFiles(Path.Combine(Repo.Root, "helpers"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests"), "*.csproj", SearchOption.AllDirectories))
            .Append(Path.Combine(Repo.Root, "Directory.Build.props"));
        var references = projects.SelectMany(p => XDocument.Load(p).Descendants("PackageReference"))
            .Select(r => (string?)r.Attribute("Include"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unused = pins.Where(pin => !references.Contains(pin)).ToList();
        Assert.True(unused.Count == 0, "Pinned in Directory.Packages.props but referenced by no project: " + string.Join(", ", unused));
    }
}
