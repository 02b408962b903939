using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Tests;

/// <summary>The command line: help, bad input, exit codes, plain output, exported files.</summary>
public sealed class RunnerCommandTests
{
    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await RunnerApp.MainAsync(args, output);
        return (code, output.ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public async Task MainAsync_Help_DescribesEveryOptionAndExitsZero(string help)
    {
        var (code, output) = await Run(help);

        Assert.Equal(0, code);
        foreach (var option in new[] { "<notebook>", "-o, --output <folder>", "--notebooks <folder>", "--solutions", "--no-exec", "--virtual-time", "--cell-timeout <secs>", "--json" })
        {
            // Every option has a sentence after it, not just its name.
            Assert.Matches(System.Text.RegularExpressions.Regex.Escape(option) + @"\s+[A-Z][a-z]+ ", output);
        }
        Assert.Contains("(default: 120)", output);
        Assert.Contains("dotnet run --project helpers/AsyncLab.Runner --", output);
        Assert.Contains("Exit code: 0", output);
    }

    [Theory]
    [InlineData("--cell-timeout takes a positive number of seconds, not 'soon'", "--cell-timeout", "soon")]
    [InlineData("--cell-timeout takes a positive number of seconds, not '0'", "--cell-timeout", "0")]
    [InlineData("--cell-timeout needs a number of seconds after it", "--cell-timeout")]
    [InlineData("--cell-timeout needs a number of seconds after it", "--cell-timeout", "--no-exec")]
    [InlineData("Unknown option '--frobnicate'. Run with --help", "--frobnicate")]
    [InlineData("Unknown option '-x'", "01", "-x")]
    [InlineData("--output needs a folder after it", "--output")]
    [InlineData("-o needs a folder after it", "-o")]
    [InlineData("--notebooks needs a folder after it", "--notebooks", "--no-exec")]
    public async Task MainAsync_BadOption_ExitsTwoNamingTheOptionAndTheFix(string message, params string[] args)
    {
        var (code, output) = await Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", output);
        Assert.Contains(message, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task MainAsync_OptionsAfterNames_AreOptionsNotNames()
    {
        var output = Repo.TempFolder("order");

        var (code, text) = await Run("hello", "-o", output, "--cell-timeout", "2.5", "--notebooks", Path.GetDirectoryName(Repo.Fixture("hello.dib"))!, "--no-exec");

        Assert.True(code == 0, text);
        Assert.True(File.Exists(Path.Combine(output, "notebooks", "hello.ipynb")));
        Assert.False(File.Exists(Path.Combine(output, "notebooks", "failing.ipynb")));
    }

    [Fact]
    public async Task MainAsync_MissingFolder_ExitsTwoWithoutStackTrace()
    {
        var (code, output) = await Run("--notebooks", Path.Combine(Repo.Root, "no-such-folder"));

        Assert.Equal(2, code);
        Assert.Contains("does not exist", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task MainAsync_FolderWithoutNotebooks_ExitsTwo()
    {
        var (code, output) = await Run("--notebooks", Repo.TempFolder("empty"));

        Assert.Equal(2, code);
        Assert.Contains("No notebooks", output);
    }

    [Fact]
    public async Task MainAsync_NoMatchingName_ExitsTwo()
    {
        var (code, output) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("hello.dib"))!, "--no-exec", "99");

        Assert.Equal(2, code);
        Assert.Contains("matches '99'", output);
    }

    [Fact]
    public async Task MainAsync_MalformedNotebook_ExitsTwoAndNamesIt()
    {
        var folder = Repo.TempFolder("malformed-cli");
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.dib"), "no kernel line here", TestContext.Current.CancellationToken);

        var (code, output) = await Run("--notebooks", folder, "--output", Repo.TempFolder("out"), "--no-exec");

        Assert.Equal(2, code);
        Assert.Contains("bad.dib", output);
        Assert.Contains("malformed", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task MainAsync_NoExec_ExportsNotebookSiteAndAppWithoutRunning()
    {
        var output = Repo.TempFolder("no-exec");

        var (code, text) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("hello.dib"))!, "--output", output, "--no-exec", "hello");

        Assert.Equal(0, code);
        Assert.Contains("exported", text);
        Assert.DoesNotContain("\u001b[", text); // redirected output: plain text, no ANSI
        Assert.True(File.Exists(Path.Combine(output, "notebooks", "hello.ipynb")));
        Assert.True(File.Exists(Path.Combine(output, "site", "index.html")));
        Assert.True(File.Exists(Path.Combine(output, "site", "hello.html")));
        Assert.True(File.Exists(Path.Combine(output, "site", "plotly.min.js")));
        Assert.Empty(NotebookFile.Load(Path.Combine(output, "notebooks", "hello.ipynb")).Elements.SelectMany(e => e.Outputs));
    }

    [Fact]
    public async Task MainAsync_ExportedNotebook_IsValidNbformatWithCellIds()
    {
        var output = Repo.TempFolder("nbformat");
        var (code, _) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("hello.dib"))!, "--output", output, "--no-exec", "hello");
        var ipynb = Path.Combine(output, "notebooks", "hello.ipynb");

        Assert.Equal(0, code);
        var notebook = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(ipynb, TestContext.Current.CancellationToken))!;
        Assert.Equal(5, notebook["nbformat_minor"]!.GetValue<int>());
        var ids = notebook["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", id));

        // Jupyter's own validator (Debian's python3-nbformat, which .ci/run installs) must find nothing to say.
        var check = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3",
            ["-W", "error", "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", ipynb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = System.Diagnostics.Process.Start(check)!;
        var said = await python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) +
            await python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(python.ExitCode == 0 && said.Contains("valid"), said);
    }

    [Fact]
    public async Task MainAsync_FailingCell_ExitsOneNamingNotebookCellAndError()
    {
        var output = Repo.TempFolder("failing");

        var (code, text) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("failing.dib"))!, "--output", output, "failing", "hello");

        Assert.Equal(1, code);
        Assert.Contains("failing: cell 3 failed", text);
        Assert.Contains("boom on purpose", text);
        Assert.Matches(@"hello\.dib\s*│\s*2\s*│[^│]*│\s*ok", text);
        var executed = NotebookFile.Load(Path.Combine(output, "notebooks", "hello.ipynb"));
        Assert.NotEmpty(executed.Elements.SelectMany(e => e.Outputs));
    }

    [Fact]
    public async Task MainAsync_RuleBroken_ExitsOneNamingTheCell()
    {
        var (code, text) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("display.dib"))!, "--output", Repo.TempFolder("rules"), "--no-exec", "display");

        Assert.Equal(1, code);
        Assert.Contains("rule broken", text);
        Assert.Contains("cell 2: display(...) only exists in notebooks; use Lab.Show(...)", text);
    }

    [Fact]
    public async Task MainAsync_WaitOnTheRealClock_WarnsNamingTheCellAndStillExports()
    {
        var output = Repo.TempFolder("real-clock");

        var (code, text) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("real-clock.dib"))!, "--output", output, "--no-exec", "real-clock");

        Assert.Equal(0, code);
        Assert.Contains("exported", text);
        Assert.Contains("warning: real-clock.dib: cell 2: Task.Delay without the lab's clock waits on the real clock", text);
        Assert.Contains("warning: real-clock.dib: cell 4: Thread.Sleep blocks on the real clock", text);
        Assert.DoesNotContain("cell 6:", text);
        Assert.DoesNotContain("virtual time (--virtual-time)", text);
        Assert.True(File.Exists(Path.Combine(output, "apps", "real-clock.cs")));
    }

    [Fact]
    public async Task MainAsync_VirtualTime_StartsTheKernelInVirtualTimeAndSaysSo()
    {
        var output = Repo.TempFolder("virtual-time");

        var (code, text) = await Run("--notebooks", Path.GetDirectoryName(Repo.Fixture("clock.dib"))!, "--output", output, "--virtual-time", "clock");

        Assert.True(code == 0, text);
        Assert.Contains("ran in virtual time (--virtual-time)", text);
        Assert.Contains("ASYNCLAB_TIME=virtual", await File.ReadAllTextAsync(Path.Combine(output, "notebooks", "clock.ipynb"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MainAsync_ExportedIpynb_RunsFromItsNewFolder()
    {
        Assert.SkipUnless(File.Exists(Path.Combine(Repo.Root, "helpers", "notebook-setup.csx")), "the notebook setup (helpers/notebook-setup.csx) is not there yet");
        var lesson = Repo.Lessons().First();
        var output = Path.Combine(Repo.Root, "artifacts", "test-export"); // two levels below the root, like artifacts/notebooks
        var (code, text) = await Run("--output", output, "--no-exec", Path.GetFileNameWithoutExtension(lesson));
        Assert.True(code == 0, text);
        var ipynb = Path.Combine(output, "notebooks", Path.ChangeExtension(lesson, ".ipynb"));

        NotebookRun run;
        using (await Turn.TakeAsync())
        {
            run = await NotebookExecutor.RunAsync(ipynb, new ExecutorOptions { CellTimeout = TimeSpan.FromMinutes(10) }, TestContext.Current.CancellationToken);
        }

        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("../../helpers/notebook-setup.csx", run.Cells[1].Code);
    }
}
