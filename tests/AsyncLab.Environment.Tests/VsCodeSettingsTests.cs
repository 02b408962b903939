namespace AsyncLab.Environment.Tests;

/// <summary>The workspace settings make VS Code run the kernel version the tests run.</summary>
public sealed class VsCodeSettingsTests
{
    private static readonly string[] _expectedTransportArgs =
        ["{dotnet_path}", "tool", "run", "dotnet-interactive", "--", "[vscode]", "stdio", "--working-dir", "{working_dir}"];

    [Fact]
    public void ExtensionsJson_Recommendations_IncludePolyglotNotebooksAndJupyter()
    {
        using var doc = RepoFiles.ReadJsonc(".vscode/extensions.json");

        var recommended = RepoFiles.Strings(doc.RootElement.GetProperty("recommendations"));

        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", recommended);
        Assert.Contains("ms-toolsai.jupyter", recommended);
    }

    [Theory]
    [InlineData("dotnet-interactive")]
    [InlineData("polyglot-notebook")]
    public void SettingsJson_KernelTransport_RunsThePinnedLocalToolFromTheNotebookFolder(string section)
    {
        using var doc = RepoFiles.ReadJsonc(".vscode/settings.json");
        var root = doc.RootElement;

        Assert.Equal(_expectedTransportArgs, RepoFiles.Strings(root.GetProperty(section + ".kernelTransportArgs")));
        Assert.Equal("{working_dir}", root.GetProperty(section + ".kernelTransportWorkingDirectory").GetString());
    }

    [Fact]
    public void SettingsJson_RequiredToolVersion_MatchesToolManifest()
    {
        using var doc = RepoFiles.ReadJsonc(".vscode/settings.json");

        Assert.Equal(
            RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"),
            doc.RootElement.GetProperty("dotnet-interactive.requiredInteractiveToolVersion").GetString());
    }

    [Fact]
    public void SettingsJson_DibFiles_OpenAsCSharpNotebooks()
    {
        using var doc = RepoFiles.ReadJsonc(".vscode/settings.json");
        var root = doc.RootElement;

        Assert.Equal("polyglot-notebook", root.GetProperty("workbench.editorAssociations").GetProperty("*.dib").GetString());
        Assert.Equal("csharp", root.GetProperty("polyglot-notebook.defaultNotebookLanguage").GetString());
    }

    [Fact]
    public async Task KernelTransportArgs_StartedInTheNotebooksFolder_RunThePinnedVersion()
    {
        // The command VS Code starts, up to the tool's own arguments, asked for its version instead of stdio.
        var launch = _expectedTransportArgs.TakeWhile(a => a != "[vscode]").Skip(1).Append("--version");

        var result = await Command.RunAsync("dotnet", launch, RepoFiles.PathOf("notebooks"),
            timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Describe() + "\n(Run `dotnet tool restore` at the repository root first.)");
        Assert.StartsWith(RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"), result.Output.Trim().Split('\n')[^1]);
    }
}
