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
        // The same script as the Debian JupyterHub test (JupyterHubClassTests) installs the tool and registers the kernel.
        Assert.Contains("sh .devcontainer/classroom-kernel.sh /opt/dotnet-tools /opt/jupyter/share/jupyter", text);
        Assert.Contains("/opt/dotnet-tools:", text);
        Assert.Contains("jupyterlab", text);
        Assert.Contains("for layer in AsyncLab AsyncLab.Charts AsyncLab.RateLimiting AsyncLab.Server Polly.Core AsyncLab.XPlot AsyncLab.Interactive", text);
        // The version is read from the manifest, never written twice.
        Assert.DoesNotContain(RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"), text);
    }

    [Fact]
    public void ClassroomKernelScript_Version_ComesFromThePinnedToolManifest()
    {
        var text = RepoFiles.Read(".devcontainer/classroom-kernel.sh");

        Assert.Contains(".config/dotnet-tools.json", text);
        Assert.Contains("jupyter install --path", text);
        Assert.Contains("flock helpers/.build/kernel.lock", text);
        Assert.DoesNotContain(RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"), text);
    }

    /// <summary>
    /// The script builds the helpers under `flock helpers/.build/kernel.lock`, the setup cell under a FileStream opened
    /// with FileShare.None on the same file: on Linux both are the same flock, so each waits for the other.
    /// </summary>
    [Fact]
    public async Task BuildLock_SetupCellAndClassroomScript_ExcludeEachOther()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(File.Exists("/usr/bin/flock"), "flock is missing: apt-get install util-linux.");
        using var temp = new TempFolder("lock");
        var lockPath = temp.Combine("kernel.lock");

        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var whileKernelHoldsIt = await Command.RunAsync("/usr/bin/flock", ["-n", lockPath, "true"], temp.Path, cancellationToken: ct);
            Assert.Equal(1, whileKernelHoldsIt.ExitCode);
        }

        // -o: flock itself holds the lock and the child does not inherit it, so the lock is free as soon as flock has
        // exited. The child says "held" only once flock has the lock: no polling needed.
        var script = new System.Diagnostics.ProcessStartInfo("/usr/bin/flock", ["-o", lockPath, "sh", "-c", "echo held; exec sleep 60"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        using var holder = System.Diagnostics.Process.Start(script)!;
        try
        {
            Assert.Equal("held", await holder.StandardOutput.ReadLineAsync(ct));
            var whileScriptHoldsIt = await Command.RunAsync("/usr/bin/flock", ["-n", lockPath, "true"], temp.Path, cancellationToken: ct);
            Assert.Equal(1, whileScriptHoldsIt.ExitCode);
            Assert.Throws<IOException>(() => new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync(CancellationToken.None);
        }
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            // free again once the script's build is over
        }
    }
}
