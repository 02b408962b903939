using System.Text.Json.Nodes;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Tests;

/// <summary>The command line: help, bad input, exit codes, plain output, JSON, exported files.</summary>
public sealed class RunnerCommandTests
{
    /// <summary>Runs the command with standard output and standard error in one text, as a terminal shows them.</summary>
    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await RunnerApp.MainAsync(args, output, output);
        return (code, output.ToString());
    }

    /// <summary>The folder of the test notebooks (hello.dib, failing.dib, display.dib, …).</summary>
    private static readonly string FixtureFolder = Path.GetDirectoryName(Repo.Fixture("hello.dib"))!;

    /// <summary>The arguments that read the test notebooks and write into <paramref name="output"/>, then <paramref name="more"/>.</summary>
    private static string[] OnFixtures(string output, params string[] more) => ["--notebooks", FixtureFolder, "--output", output, .. more];

    /// <summary>A new folder holding one notebook, bad.dib, that has no kernel line.</summary>
    private static async Task<string> FolderWithMalformedNotebook(string purpose)
    {
        var folder = Repo.TempFolder(purpose);
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.dib"), "no kernel line here", TestContext.Current.CancellationToken);
        return folder;
    }

    /// <summary>Runs the command with standard output and standard error apart.</summary>
    private static async Task<(int Code, string Output, string Error)> RunApart(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await RunnerApp.MainAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
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

    [Fact]
    public async Task MainAsync_Help_ListsOnlyOptionsTheReadmeNames()
    {
        var (_, help) = await Run("--help");
        var readme = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md"), TestContext.Current.CancellationToken);
        var forTeachers = readme[readme.IndexOf("\n## For teachers\n", StringComparison.Ordinal)..];

        var options = System.Text.RegularExpressions.Regex.Matches(help, @"^\s+(?:-\w, )?(--[a-z-]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Where(o => o != "--help").ToList();

        Assert.Equal(7, options.Count); // --output, --notebooks, --solutions, --no-exec, --virtual-time, --cell-timeout, --json
        Assert.All(options, option => Assert.Contains($"`{option}", forTeachers));
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
        var (code, output, error) = await RunApart(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task MainAsync_OptionsAfterNames_AreOptionsNotNames()
    {
        var output = Repo.TempFolder("order");

        var (code, text) = await Run("hello", "-o", output, "--cell-timeout", "2.5", "--notebooks", FixtureFolder, "--no-exec");

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
        var (code, output) = await Run("--notebooks", FixtureFolder, "--no-exec", "99");

        Assert.Equal(2, code);
        Assert.Contains("matches '99'", output);
    }

    [Fact]
    public async Task MainAsync_MalformedNotebook_ExitsTwoAndNamesIt()
    {
        var folder = await FolderWithMalformedNotebook("malformed-cli");

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

        var (code, text) = await Run(OnFixtures(output, "--no-exec", "hello"));

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
        var (code, _) = await Run(OnFixtures(output, "--no-exec", "hello"));
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
    public async Task MainAsync_JsonNoExec_ListsEachNotebookWithoutCellsAndNothingElseOnStandardOutput()
    {
        var output = Repo.TempFolder("json-no-exec");

        var (code, json, error) = await RunApart(OnFixtures(output, "--no-exec", "--json", "hello", "display"));

        Assert.Equal(1, code);
        var results = JsonNode.Parse(json)!; // throws if anything but the JSON is on standard output
        Assert.Equal(1, results["exitCode"]!.GetValue<int>());
        Assert.False(results["executed"]!.GetValue<bool>());
        Assert.False(results["virtualTime"]!.GetValue<bool>());
        Assert.Equal(output, results["output"]!.GetValue<string>());
        var notebooks = results["notebooks"]!.AsArray();
        Assert.Equal(["display", "hello"], notebooks.Select(n => n!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var display = notebooks.Single(n => n!["name"]!.GetValue<string>() == "display")!;
        Assert.Equal("ruleBroken", display["status"]!.GetValue<string>());
        Assert.Contains("cell 2: display(...)", display["problem"]!.GetValue<string>());
        var hello = notebooks.Single(n => n!["name"]!.GetValue<string>() == "hello")!;
        Assert.Equal("exported", hello["status"]!.GetValue<string>());
        Assert.Equal("hello.dib", hello["path"]!.GetValue<string>());
        Assert.Empty(hello["cells"]!.AsArray());
        Assert.Contains("rule broken", error); // the table still shows, on standard error
    }

    [Fact]
    public async Task MainAsync_JsonWithMalformedNotebook_ExitsTwoAndSaysMalformed()
    {
        var folder = await FolderWithMalformedNotebook("malformed-json");

        var (code, json, _) = await RunApart("--notebooks", folder, "--output", Repo.TempFolder("out"), "--no-exec", "--json");

        Assert.Equal(2, code);
        var notebook = JsonNode.Parse(json)!["notebooks"]!.AsArray().Single()!;
        Assert.Equal("malformed", notebook["status"]!.GetValue<string>());
        Assert.Contains("bad.dib", notebook["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task MainAsync_JsonUsageError_LeavesStandardOutputEmpty()
    {
        var (code, json, error) = await RunApart("--json", "--notebooks", Repo.TempFolder("empty-json"));

        Assert.Equal(2, code);
        Assert.Empty(json);
        Assert.Contains("No notebooks", error);
    }

    [Fact]
    public async Task MainAsync_JsonFailingCell_GivesEachCellsNumberStatusTimeAndError()
    {
        var (code, json, error) = await RunApart(OnFixtures(Repo.TempFolder("json-failing"), "--json", "failing", "hello"));

        Assert.Equal(1, code);
        var results = JsonNode.Parse(json)!;
        Assert.True(results["executed"]!.GetValue<bool>());
        Assert.False(results["virtualTime"]!.GetValue<bool>());
        var notebooks = results["notebooks"]!.AsArray().ToDictionary(n => n!["name"]!.GetValue<string>(), n => n!);
        Assert.Equal("failed", notebooks["failing"]["status"]!.GetValue<string>());
        Assert.True(notebooks["failing"]["seconds"]!.GetValue<double>() > 0);
        var cells = notebooks["failing"]["cells"]!.AsArray();
        Assert.Equal([2, 3, 4, 5], cells.Select(c => c!["number"]!.GetValue<int>())); // code cells only: cell 1 is markdown
        Assert.Equal("succeeded", cells[0]!["status"]!.GetValue<string>());
        Assert.Null(cells[0]!["error"]);
        Assert.True(cells[0]!["seconds"]!.GetValue<double>() >= 0);
        Assert.Equal("failed", cells[1]!["status"]!.GetValue<string>());
        var firstLine = cells[1]!["error"]!.GetValue<string>();
        Assert.Contains("boom on purpose", firstLine);
        Assert.DoesNotContain("\n", firstLine);
        Assert.Equal("ok", notebooks["hello"]["status"]!.GetValue<string>());
        Assert.All(notebooks["hello"]["cells"]!.AsArray(), c => Assert.Equal("succeeded", c!["status"]!.GetValue<string>()));
        Assert.Contains("failing: cell 3 failed", error);
    }

    [Fact]
    public async Task MainAsync_FailingCell_ExitsOneNamingNotebookCellAndError()
    {
        var output = Repo.TempFolder("failing");

        var (code, text) = await Run(OnFixtures(output, "failing", "hello"));

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
        var (code, text) = await Run(OnFixtures(Repo.TempFolder("rules"), "--no-exec", "display"));

        Assert.Equal(1, code);
        Assert.Contains("rule broken", text);
        Assert.Contains("cell 2: display(...) only exists in notebooks; use Lab.Show(...)", text);
    }

    [Fact]
    public async Task MainAsync_WaitOnTheRealClock_WarnsNamingTheCellAndStillExports()
    {
        var output = Repo.TempFolder("real-clock");

        var (code, text) = await Run(OnFixtures(output, "--no-exec", "real-clock"));

        Assert.Equal(0, code);
        Assert.Contains("exported", text);
        Assert.Contains("warning: real-clock.dib: cell 2: Task.Delay without the lab's clock waits on the real clock", text);
        Assert.Contains("warning: real-clock.dib: cell 4: Thread.Sleep blocks on the real clock", text);
        Assert.DoesNotContain("cell 6:", text);
        Assert.DoesNotContain("virtual time (--virtual-time)", text);
        Assert.True(File.Exists(Path.Combine(output, "apps", "real-clock.cs")));
    }

    [Fact]
    public async Task MainAsync_VirtualTime_StartsTheKernelInVirtualTimeAndSaysSoInTableAndJson()
    {
        var output = Repo.TempFolder("virtual-time");

        var (code, json, text) = await RunApart(OnFixtures(output, "--virtual-time", "--json", "clock"));

        Assert.True(code == 0, text);
        Assert.Contains("ran in virtual time (--virtual-time)", text);
        Assert.True(JsonNode.Parse(json)!["virtualTime"]!.GetValue<bool>());
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
