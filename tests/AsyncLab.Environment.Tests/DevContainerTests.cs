using System.Text.Json;

namespace AsyncLab.Environment.Tests;

/// <summary>The dev container and the JupyterHub image describe the environment the tests use.</summary>
public sealed class DevContainerTests
{
    [Fact]
    public void DevcontainerJson_ParsedAsJsonc_UsesDotnet10ImageAndNamesTheExtensions()
    {
        using var doc = RepoFiles.ReadJsonc(".devcontainer/devcontainer.json");
        var root = doc.RootElement;

        Assert.StartsWith("mcr.microsoft.com/devcontainers/dotnet:", root.GetProperty("image").GetString());
        Assert.Contains("10.0", root.GetProperty("image").GetString());
        var extensions = RepoFiles.Strings(root.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions"));
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", extensions);
        Assert.Contains("ms-toolsai.jupyter", extensions);
        Assert.Contains("ms-dotnettools.csharp", extensions);
        Assert.Contains("ms-dotnettools.csdevkit", extensions);
    }

    [Fact]
    public void DevcontainerJson_PostCreateCommand_RunsTheScriptInThisFolder()
    {
        using var doc = RepoFiles.ReadJsonc(".devcontainer/devcontainer.json");

        var command = doc.RootElement.GetProperty("postCreateCommand").GetString();

        Assert.Equal("sh .devcontainer/post-create.sh", command);
        Assert.True(File.Exists(RepoFiles.PathOf(".devcontainer/post-create.sh")));
    }

    [Fact]
    public void DevcontainerJson_RequiredToolVersion_MatchesToolManifest()
    {
        using var doc = RepoFiles.ReadJsonc(".devcontainer/devcontainer.json");
        var settings = doc.RootElement.GetProperty("customizations").GetProperty("vscode").GetProperty("settings");

        Assert.Equal(
            RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"),
            settings.GetProperty("dotnet-interactive.requiredInteractiveToolVersion").GetString());
    }

    [Theory]
    [InlineData(".devcontainer/post-create.sh")]
    [InlineData(".devcontainer/post-create.ps1")]
    public void PostCreateScript_EachPlatform_RunsTheSameFourSteps(string script)
    {
        var text = RepoFiles.Read(script);

        Assert.Contains("tool restore", text);
        Assert.Contains("restore AsyncLab.slnx", text);
        Assert.Contains("helpers/.build/kernel", text);
        Assert.Contains("warm-cache.cs", text);
        // The probe is shaped like a generated app, which references the charts layer too.
        Assert.Contains("helpers/AsyncLab.Charts/AsyncLab.Charts.csproj", text);
    }

    [Fact]
    public void JupyterHubDockerfile_Kernel_ComesFromThePinnedToolManifest()
    {
        var text = RepoFiles.Read(".devcontainer/jupyterhub.Dockerfile");

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0", text);
        Assert.Contains("sh .devcontainer/post-create.sh", text);
        Assert.Contains("dotnet tool run dotnet-interactive -- jupyter install --path", text);
        Assert.Contains(".config/dotnet-tools.json", text);
        Assert.Contains("jupyterlab", text);
        Assert.Contains("for layer in AsyncLab AsyncLab.Charts AsyncLab.RateLimiting AsyncLab.XPlot AsyncLab.Interactive", text);
        // The version is read from the manifest, never written twice.
        Assert.DoesNotContain(RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"), text);
    }
}
