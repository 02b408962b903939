using System.Text;
using System.Text.Json.Nodes;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// The grade command on a class of six submissions of lesson 00: the solution, the starter, the solution saved as
/// .ipynb, one that never ends, one that asks for more memory than the cap, and a hostile one (processes meant to
/// outlive it, a look for the answers outside its folder, a forged ✓, a file that fills the disk).
/// </summary>
public sealed class GradingTests : IDisposable
{
    private readonly List<string> _folders = [];

    /// <summary>A new temporary folder, deleted after the test (once the test has checked what it needs in it).</summary>
    private string Folder(string purpose)
    {
        var folder = Repo.TempFolder(purpose);
        _folders.Add(folder);
        return folder;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private const string Hint1 = "The two rows should overlap. Where does each download start, and what does the await on the same line make the next line do?";
    private const string Hint2 = "Longest wait: compare the pale parts of the rows, and copy the name exactly as the chart shows it.";

    [Fact]
    public async Task Grade_AClassWithHostileSubmissions_WritesEveryRowAndLeavesNothingBehind()
    {
        var submissions = Folder("grading-submissions");
        var work = Folder("grading work"); // a space in the path: the kernel still gets its variables
        var csv = Path.Combine(Folder("grading-out"), "grades.csv");
        File.Copy(Path.Combine(Repo.Notebooks, "solutions", "00-start-here-solution.dib"), Path.Combine(submissions, "ada.dib"));
        File.Copy(Path.Combine(Repo.Notebooks, "00-start-here.dib"), Path.Combine(submissions, "ben.dib"));
        File.Copy(Repo.Fixture("grading/cy-hangs.dib"), Path.Combine(submissions, "cy-hangs.dib"));
        File.Copy(Repo.Fixture("grading/dee-hostile.dib"), Path.Combine(submissions, "dee-hostile.dib"));
        File.Copy(Repo.Fixture("grading/fay-memory.dib"), Path.Combine(submissions, "fay-memory.dib"));
        NotebookFile.SaveIpynb(NotebookFile.Load(Path.Combine(Repo.Notebooks, "solutions", "00-start-here-solution.dib")), Path.Combine(submissions, "eve.ipynb"));
        var output = new StringWriter();

        int code;
        using (await Turn.TakeAsync())
        {
            code = await RunnerApp.MainAsync(
                ["grade", submissions, "--lesson", "00", "--out", csv, "--timeout", "60", "--memory", "1g", "--disk", "20m", "--temp", work],
                output, output);
        }

        Assert.True(code == 0, output.ToString());
        string[][] expected =
        [
            ["ada", "ok", "", "✓", "✓"],
            ["ben", "ok", "", Hint1, Hint2],
            ["cy-hangs", "timed out", "still running after 60 s", "not run", "not run"],
            ["dee-hostile", "disk limit", "its folder grew by more than 20 MB", Hint1, "not run"],
            ["eve", "ok", "", "✓", "✓"],
            // 1.5 GB at once is past --memory 1g (the same notebook runs with --memory 3g); the kernel survives it.
            ["fay-memory", "failed", "cell 4: System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.", "✓", "missing"],
        ];
        var expectedCsv = new StringBuilder("student,status,problem,Exercise 1,Exercise 2\r\n");
        foreach (var row in expected)
        {
            expectedCsv.Append(string.Join(",", row.Select(f => f.Contains(',') ? $"\"{f}\"" : f))).Append("\r\n");
        }
        Assert.Equal(expectedCsv.ToString(), await File.ReadAllTextAsync(csv, TestContext.Current.CancellationToken));

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(csv, ".json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("00-start-here", (string?)json["lesson"]);
        var rows = json["students"]!.AsArray().Select(s => new[] { (string)s!["student"]!, (string)s["status"]!, (string?)s["problem"] ?? "" }
            .Concat(s["exercises"]!.AsArray().Select(e => (bool)e!["passed"]! ? "✓" : (string)e["verdict"]!)).ToArray()).ToArray();
        Assert.Equal(expected, rows);
        Assert.All(json["students"]!.AsArray().SelectMany(s => s!["exercises"]!.AsArray()).Where(e => (bool)e!["passed"]!),
            e => Assert.Equal("all checks pass", (string?)e!["verdict"]));

        // The hostile notebook's two sleeps (one out of the kernel's tree, one out of its session too) were found and killed.
        Assert.Contains("dee-hostile: stopped 2 process(es) it left running", output.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        Assert.Empty(SubmissionProcesses(work));
    }

    [Fact]
    public async Task Grade_NotANotebook_IsAMalformedRowNamingTheFile()
    {
        var submissions = Folder("grading-malformed");
        var work = Folder("grading-malformed-work");
        var csv = Path.Combine(submissions, "out", "grades.csv");
        await File.WriteAllTextAsync(Path.Combine(submissions, "zed.ipynb"), "not json", TestContext.Current.CancellationToken);
        var output = new StringWriter();

        var code = await RunnerApp.MainAsync(["grade", submissions, "--lesson", "00", "--out", csv, "--temp", work], output, output);

        Assert.True(code == 0, output.ToString());
        var row = (await File.ReadAllLinesAsync(csv, TestContext.Current.CancellationToken))[1];
        Assert.StartsWith($"zed,malformed,Notebook '{Path.Combine(submissions, "zed.ipynb")}' is malformed: ", row);
        Assert.EndsWith(".,not run,not run", row); // the parser's message has no comma, so the field is not quoted
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }

    [Theory]
    [InlineData("--timeout takes a positive number of seconds up to 86400, not '0' (for example --timeout 120).", "--timeout", "0")]
    [InlineData("--memory takes a size such as 512m or 1g, not 'lots' (for example --memory 1g).", "--memory", "lots")]
    [InlineData("--disk takes a size such as 100m, not '-5m' (for example --disk 100m).", "--disk", "-5m")]
    [InlineData("No notebook in", "--lesson", "99")]
    [InlineData("The --temp folder", "--temp", "/no/such/folder")]
    public async Task Grade_BadOption_SaysWhatToGiveAndExitsTwo(string message, string option, string value)
    {
        var output = new StringWriter();
        string[] args = option == "--lesson"
            ? ["grade", Repo.Fixture("grading"), option, value]
            : ["grade", Repo.Fixture("grading"), "--lesson", "00", option, value];

        var code = await RunnerApp.MainAsync(args, output, output);

        Assert.Equal(2, code);
        Assert.Contains(message, output.ToString());
    }

    [Fact]
    public async Task Grade_MissingFolder_SaysWhichAndExitsTwo()
    {
        var output = new StringWriter();

        var code = await RunnerApp.MainAsync(["grade", "/no/such/submissions", "--lesson", "00"], output, output);

        Assert.Equal(2, code);
        Assert.Contains("The submissions folder '/no/such/submissions' does not exist.", output.ToString());
    }

    [Fact]
    public async Task Grade_Help_DescribesEveryOption()
    {
        var output = new StringWriter();

        var code = await RunnerApp.MainAsync(["grade", "--help"], output, output);

        Assert.Equal(0, code);
        foreach (var option in new[] { "<folder>", "--lesson <lesson> (REQUIRED)", "--out <file>", "--timeout <secs>", "--memory <size>", "--disk <size>", "--temp <folder>" })
        {
            Assert.Matches(System.Text.RegularExpressions.Regex.Escape(option) + @"\s+[A-Z][a-z]+ ", output.ToString());
        }
    }

    [Fact]
    public async Task Grade_Help_ListsOnlyOptionsTheReadmeNames()
    {
        var output = new StringWriter();
        await RunnerApp.MainAsync(["grade", "--help"], output, output);
        var readme = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md"), TestContext.Current.CancellationToken);
        var grading = readme[readme.IndexOf("\n### Grading\n", StringComparison.Ordinal)..];
        grading = grading[..grading.IndexOf("\n## ", StringComparison.Ordinal)];

        var options = System.Text.RegularExpressions.Regex.Matches(output.ToString(), @"^\s+(--[a-z-]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["--lesson", "--out", "--timeout", "--memory", "--disk", "--temp"], options);
        Assert.All(options, option => Assert.Contains($"`{option} <", grading));
    }

    /// <summary>Processes started by a graded submission (they carry its marker variable) or the fixture's sleeps.</summary>
    /// <summary>
    /// Processes a submission graded in <paramref name="work"/> left behind: marked by the grader, or the hostile
    /// notebook's sleeps, and started in that folder (a run killed earlier on the same machine has folders of its own).
    /// </summary>
    private static List<string> SubmissionProcesses(string work)
    {
        var found = new List<string>();
        foreach (var entry in Directory.EnumerateDirectories("/proc").Where(e => int.TryParse(Path.GetFileName(e), out _)))
        {
            try
            {
                var environment = File.ReadAllText(Path.Combine(entry, "environ"));
                var command = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim();
                var submission = environment.Contains("ASYNCLAB_GRADE_SUBMISSION=", StringComparison.Ordinal) || command is "sleep 613" or "setsid sleep 614" or "sleep 614";
                var folder = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget ?? "";
                if (submission && (environment.Contains(work, StringComparison.Ordinal) || folder.StartsWith(work, StringComparison.Ordinal)))
                {
                    found.Add($"{Path.GetFileName(entry)}: {command}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended meanwhile, or another user's process.
            }
        }
        return found;
    }
}
