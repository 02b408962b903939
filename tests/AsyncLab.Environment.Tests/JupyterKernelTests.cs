using System.Text.Json;

namespace AsyncLab.Environment.Tests;

/// <summary>
/// The registration step of the JupyterHub image (.devcontainer/jupyterhub.Dockerfile), run here: the pinned
/// tool writes the ".NET (C#)" kernel spec, and Jupyter's own client starts that kernel and runs a C# cell.
/// </summary>
public sealed class JupyterKernelTests
{
    private const string RunCellScript = """
        import sys
        from jupyter_client.manager import start_new_kernel

        km, kc = start_new_kernel(kernel_name=".net-csharp", cwd=sys.argv[1], startup_timeout=180)
        try:
            msg_id = kc.execute('var answer = 6 * 7; Console.WriteLine($"answer {answer}");')
            printed = []
            while True:
                msg = kc.get_iopub_msg(timeout=180)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    printed.append(content["text"])
                elif kind == "error":
                    printed.append("ERROR " + content.get("ename", "") + ": " + content.get("evalue", ""))
                elif kind == "status" and content["execution_state"] == "idle":
                    break
            print("CELL OUTPUT: " + "".join(printed).strip())
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        """;

    [Fact]
    public async Task JupyterInstall_WithPath_WritesTheCSharpKernelSpec()
    {
        using var temp = new TempFolder("kernelspec");
        var kernels = temp.Combine("kernels");

        var result = await InstallKernelSpecsAsync(kernels);

        Assert.True(result.Succeeded, result.Describe());
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(kernels, ".net-csharp", "kernel.json")));
        var root = spec.RootElement;
        Assert.Equal(".NET (C#)", root.GetProperty("display_name").GetString());
        Assert.Equal("C#", root.GetProperty("language").GetString());
        var argv = RepoFiles.Strings(root.GetProperty("argv"));
        Assert.Equal(["dotnet", "interactive", "jupyter"], argv[..3]);
        Assert.Contains("{connection_file}", argv);
        Assert.Equal("csharp", argv[Array.IndexOf(argv, "--default-kernel") + 1]);
    }

    [Fact]
    public async Task JupyterKernel_StartedByJupyterClient_RunsACSharpCell()
    {
        var ct = TestContext.Current.CancellationToken;
        var python = await FindPythonWithJupyterClientAsync(ct);
        if (python is null)
        {
            Assert.Fail("No Python with jupyter_client here (Debian: apt-get install python3-jupyter-client); .ci/run installs it.");
        }
        using var temp = new TempFolder("jupyter");
        Assert.True((await InstallKernelSpecsAsync(temp.Combine("kernels"))).Succeeded);
        var script = temp.Combine("run_cell.py");
        await File.WriteAllTextAsync(script, RunCellScript, ct);

        // Jupyter starts the kernel in the notebook's folder; inside the repository, `dotnet interactive`
        // resolves to the pinned local tool.
        var result = await Command.RunAsync(python, [script, RepoFiles.PathOf("notebooks")], temp.Path,
            new Dictionary<string, string?>
            {
                ["JUPYTER_PATH"] = temp.Path,
                ["JUPYTER_DATA_DIR"] = temp.Combine("data"),
                ["JUPYTER_RUNTIME_DIR"] = temp.Combine("runtime"),
                ["JUPYTER_CONFIG_DIR"] = temp.Combine("config"),
            },
            TimeSpan.FromMinutes(4), ct);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("CELL OUTPUT: answer 42", result.Output);
    }

    /// <summary>The image's step: the folder must exist before the tool writes into it.</summary>
    private static Task<CommandResult> InstallKernelSpecsAsync(string path)
    {
        Directory.CreateDirectory(path);
        return Command.RunAsync("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", path],
            RepoFiles.Root, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
    }

    private static async Task<string?> FindPythonWithJupyterClientAsync(CancellationToken ct)
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var probe = await Command.RunAsync(candidate, ["-c", "import jupyter_client"], RepoFiles.Root,
                    timeout: TimeSpan.FromSeconds(30), cancellationToken: ct);
                if (probe.Succeeded)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed
            }
        }
        return null;
    }
}
