using System.Reflection;
using System.Runtime.InteropServices;

namespace AsyncLab.Tests;

/// <summary>
/// The core library stands alone: a console app or a test that uses it loads nothing but the base runtime (no
/// FSharp.Core, no Plotly.NET, no kernel). Charts live in AsyncLab.Charts, the notebook integration in AsyncLab.Interactive.
/// </summary>
public sealed class LibraryReferencesTests
{
    private static readonly AssemblyName[] References = typeof(Lab).Assembly.GetReferencedAssemblies();

    [Theory]
    [InlineData("FSharp.Core")]
    [InlineData("Plotly.NET")]
    [InlineData("XPlot.Plotly")]
    [InlineData("Microsoft.DotNet.Interactive")]
    [InlineData("AsyncLab.Charts")]
    public void ReferencedAssemblies_CoreLibrary_DoNotNameTheUpperLayers(string name)
    {
        Assert.DoesNotContain(References, reference => reference.Name == name);
    }

    [Fact]
    public void ReferencedAssemblies_CoreLibrary_AllComeFromTheSharedRuntime()
    {
        var runtime = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());

        var outside = References
            .Select(reference => (reference.Name, Folder: Path.GetDirectoryName(Path.GetFullPath(Assembly.Load(reference).Location)) + Path.DirectorySeparatorChar))
            .Where(reference => !string.Equals(reference.Folder, runtime, StringComparison.Ordinal))
            .Select(reference => $"{reference.Name} ({reference.Folder})")
            .ToArray();

        Assert.True(outside.Length == 0, $"AsyncLab.dll references assemblies outside {runtime}: {string.Join(", ", outside)}");
    }
}
