namespace AsyncLab.Environment.Tests;

/// <summary>The Windows twin of the post-create script, run with PowerShell 7 where it is installed.</summary>
public sealed class PostCreatePowerShellTests
{
    [Fact]
    public async Task PostCreatePs1_RunWithPwsh_Succeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var pwsh = FindPwsh();
        if (pwsh is null)
        {
            Assert.Fail("PowerShell 7 (pwsh) is not installed here; `dotnet tool install --global PowerShell` adds it.");
        }
        using var temp = new TempFolder("ps1");
        var clone = temp.Combine("clone");
        RepoCopy.To(clone);

        var result = await Command.RunAsync(pwsh, ["-NoProfile", "-NonInteractive", "-File", Path.Combine(clone, ".devcontainer", "post-create.ps1")],
            temp.Path, timeout: TimeSpan.FromMinutes(8), cancellationToken: ct);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("post-create: done.", result.Output);
    }

    private static string? FindPwsh()
    {
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        var folders = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }
}
