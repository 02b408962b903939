namespace AsyncLab.Environment.Tests;

/// <summary>
/// The memory cap of a classroom kernel: .devcontainer/kernel-launcher.sh (run by classroom-kernel.sh) writes the
/// launcher the ".NET (C#)" kernel spec starts, and that launcher gives every kernel DOTNET_GCHeapHardLimit, so one
/// student's runaway cell fails on its own instead of taking the machine's memory.
/// </summary>
public sealed class KernelMemoryCapTests
{
    // Stands in for the kernel tool: prints what the launcher handed it (the tests clear both variables first).
    private const string PrintingTool = """
        #!/bin/sh
        echo "args: $*"
        env | grep '^DOTNET_' | sort
        """;

    [Fact]
    public async Task Launcher_DefaultCap_GivesTheKernelOneGigabyteAndKeepsItsGc()
    {
        var output = await LaunchAsync(heap: null, kernelEnvironment: []);

        Assert.Contains("DOTNET_GCHeapHardLimit=0x40000000", output);
        Assert.DoesNotContain("DOTNET_gcServer", output);
        Assert.Contains("args: jupyter --default-kernel csharp connection.json --http-local-only --http-port-range ", output);
    }

    [Fact]
    public async Task Launcher_HeapSetting_IsTheKernelsCapInBytes()
    {
        var output = await LaunchAsync(heap: "256m", kernelEnvironment: []);

        Assert.Contains("DOTNET_GCHeapHardLimit=0x10000000", output);
    }

    [Fact]
    public async Task Launcher_HubSetsItsOwnCap_ItWins()
    {
        var output = await LaunchAsync(heap: "256m", kernelEnvironment: new() { ["DOTNET_GCHeapHardLimit"] = "0x80000000" });

        Assert.Contains("DOTNET_GCHeapHardLimit=0x80000000", output);
    }

    [Fact]
    public async Task Launcher_HeapOff_LeavesTheKernelUncapped()
    {
        var output = await LaunchAsync(heap: "off", kernelEnvironment: []);

        Assert.DoesNotContain("DOTNET_GCHeapHardLimit", output);
    }

    [Theory]
    [InlineData("1.5g")]
    [InlineData("512")]
    [InlineData("0m")]
    [InlineData("lots")]
    public async Task Launcher_HeapNotASize_StopsWithTheFix(string heap)
    {
        using var temp = new TempFolder("launcher");
        var result = await WriteLauncherAsync(temp.Path, heap);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"ASYNCLAB_KERNEL_HEAP='{heap}' is not a size; use e.g. ASYNCLAB_KERNEL_HEAP=1g, 512m, or off.", result.Output);
        Assert.False(File.Exists(Path.Combine(temp.Path, "asynclab-jupyter-kernel")));
    }

    [Fact]
    public void ClassroomScript_WritesTheLauncherThroughKernelLauncherScript()
    {
        var text = RepoFiles.Read(".devcontainer/classroom-kernel.sh");

        Assert.Contains("launcher=$(sh \"$repo/.devcontainer/kernel-launcher.sh\" \"$tools\")", text);
    }

    /// <summary>
    /// A real kernel, started by Jupyter's own client through the launcher with a 512 MB cap, asked for 1.5 GB: the
    /// cell fails with OutOfMemoryException and the same kernel runs the next cell.
    /// </summary>
    [Fact]
    public async Task Kernel_CappedAt512Megabytes_HugeAllocationFailsInTheCellAndTheKernelGoesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        const string python = "/usr/bin/python3";
        var probe = File.Exists(python)
            ? await Command.RunAsync(python, ["-c", "import jupyter_client"], RepoFiles.Root, timeout: TimeSpan.FromSeconds(30), cancellationToken: ct)
            : null;
        Assert.True(probe?.Succeeded == true, "This test starts the kernel with Debian's jupyter_client: apt-get install python3-jupyter-client (.ci/run installs it).");

        using var temp = new TempFolder("capped-kernel");
        var tools = Directory.CreateDirectory(temp.Combine("tools")).FullName;
        // The pinned tool of this repository stands in for the one classroom-kernel.sh installs into the tool folder.
        await WriteScriptAsync(Path.Combine(tools, "dotnet-interactive"),
            $"#!/bin/sh\ncd '{RepoFiles.Root}' && exec dotnet tool run dotnet-interactive -- \"$@\"\n");
        var written = await WriteLauncherAsync(tools, "512m");
        Assert.True(written.Succeeded, written.Describe());
        var spec = Directory.CreateDirectory(temp.Combine("kernels", "capped")).FullName;
        await File.WriteAllTextAsync(Path.Combine(spec, "kernel.json"), $$"""
            {"argv": ["{{Path.Combine(tools, "asynclab-jupyter-kernel")}}", "--default-kernel", "csharp", "{connection_file}"],
             "display_name": "capped", "language": "C#"}
            """, ct);
        var script = temp.Combine("run_cells.py");
        await File.WriteAllTextAsync(script, RunCellsScript, ct);

        var result = await Command.RunAsync(python, [script, temp.Path], temp.Path,
            new Dictionary<string, string?>
            {
                ["JUPYTER_PATH"] = temp.Path,
                ["JUPYTER_DATA_DIR"] = temp.Combine("data"),
                ["JUPYTER_RUNTIME_DIR"] = temp.Combine("runtime"),
                ["JUPYTER_CONFIG_DIR"] = temp.Combine("config"),
                ["DOTNET_GCHeapHardLimit"] = null,
                ["DOTNET_gcServer"] = null,
            },
            TimeSpan.FromMinutes(3), ct);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("CELL 1 ERROR", result.Output);
        Assert.Contains("OutOfMemoryException", result.Output);
        Assert.DoesNotContain("allocated", result.Output);
        Assert.Contains("CELL 2 OUTPUT: still here 42", result.Output);
    }

    private const string RunCellsScript = """
        import sys
        from jupyter_client.manager import start_new_kernel

        km, kc = start_new_kernel(kernel_name="capped", cwd=sys.argv[1], startup_timeout=150)
        try:
            cells = ['var hog = new byte[1_500_000_000]; hog[^1] = 1; Console.WriteLine("allocated");',
                     'Console.WriteLine($"still here {6 * 7}");']
            for number, code in enumerate(cells, 1):
                msg_id = kc.execute(code)
                printed = []
                while True:
                    msg = kc.get_iopub_msg(timeout=120)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    kind, content = msg["msg_type"], msg["content"]
                    if kind == "stream":
                        printed.append(content["text"])
                    elif kind == "error":
                        print(f"CELL {number} ERROR " + content.get("ename", "") + ": " + content.get("evalue", ""))
                    elif kind == "status" and content["execution_state"] == "idle":
                        break
                print(f"CELL {number} OUTPUT: " + "".join(printed).strip())
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        """;

    /// <summary>Writes the launcher into a temporary tool folder with the printing tool, runs it, returns what it printed.</summary>
    private static async Task<string> LaunchAsync(string? heap, Dictionary<string, string?> kernelEnvironment)
    {
        using var temp = new TempFolder("launcher");
        await WriteScriptAsync(temp.Combine("dotnet-interactive"), PrintingTool);
        var written = await WriteLauncherAsync(temp.Path, heap);
        Assert.True(written.Succeeded, written.Describe());

        var environment = new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = null, ["DOTNET_gcServer"] = null };
        foreach (var (name, value) in kernelEnvironment)
        {
            environment[name] = value;
        }
        var launched = await Command.RunAsync(temp.Combine("asynclab-jupyter-kernel"), ["--default-kernel", "csharp", "connection.json"], temp.Path,
            environment, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(launched.Succeeded, launched.Describe());
        return launched.Output;
    }

    private static Task<CommandResult> WriteLauncherAsync(string tools, string? heap) =>
        Command.RunAsync("sh", [RepoFiles.PathOf(".devcontainer/kernel-launcher.sh"), tools], tools,
            new Dictionary<string, string?> { ["ASYNCLAB_KERNEL_HEAP"] = heap }, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private static async Task WriteScriptAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text.ReplaceLineEndings("\n"), TestContext.Current.CancellationToken);
        Assert.False(OperatingSystem.IsWindows(), "The kernel launcher is a shell script for Linux and macOS hubs.");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
