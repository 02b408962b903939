using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;
using Microsoft.DotNet.Interactive.Documents;

namespace AsyncLab.Runner.Tests;

/// <summary>The mechanical parts: rules, the file-based app, path rewriting, highlighting, plotly removal.</summary>
public sealed class ConversionTests
{
    private static InteractiveDocument Notebook(params string[] codeCells)
    {
        var cells = new List<InteractiveDocumentElement> { new("# Title", "markdown") };
        cells.AddRange(codeCells.Select(c => new InteractiveDocumentElement(c, "csharp")));
        return new InteractiveDocument(cells);
    }

    private static string App(InteractiveDocument document) =>
        FileBasedApp.Convert(document, "lesson", "/repo/artifacts/apps/lesson.cs", "/repo/helpers");

    [Fact]
    public void Convert_Lesson_DropsSetupAddsProjectAndShowsTrailingExpressions()
    {
        var document = Notebook(
            "#load \"../helpers/notebook-setup.csx\"",
            "#r \"../helpers/.build/kernel/AsyncLab.Interactive.dll\"\nusing AsyncLab;\nAsyncLab.Interactive.Notebook.Attach();",
            "using System.Threading.Channels;\nvar lab = new Lab();\nlab",
            "var total = 1 + 2; // not shown\nConsole.WriteLine(total);");

        var app = App(document);

        Assert.StartsWith("// lesson: generated", app);
        Assert.Contains("#:project ../../helpers/AsyncLab/AsyncLab.csproj\n#:project ../../helpers/AsyncLab.Charts/AsyncLab.Charts.csproj\n", app);
        Assert.Contains("using AsyncLab;\nusing System.Threading.Channels;\n\nLabHost.Install(new AsyncLab.Charts.ConsoleChartHost());\n", app);
        Assert.DoesNotContain("notebook-setup", app);
        Assert.DoesNotContain("Attach()", app);
        Assert.Contains("// # Title", app);
        Assert.Contains("var lab = new Lab();\nLab.Show(lab);", app);
        Assert.Contains("var total = 1 + 2; // not shown\nConsole.WriteLine(total);", app);
        Assert.True(app.IndexOf("using System.Threading.Channels;", StringComparison.Ordinal) < app.IndexOf("var lab", StringComparison.Ordinal));
        Assert.True(app.IndexOf("LabHost.Install", StringComparison.Ordinal) < app.IndexOf("// ── cell", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("using System.Threading.RateLimiting;\nvar options = new TokenBucketRateLimiterOptions();", true)]
    [InlineData("var options = new System.Threading.RateLimiting.FixedWindowRateLimiterOptions();", true)]
    [InlineData("using System.Threading.Channels;\nvar lab = new Lab();", false)]
    public void Convert_RateLimitingNamedInCode_AddsTheRateLimitingProject(string code, bool expected)
    {
        var app = App(Notebook(
            "#load \"../helpers/notebook-setup.csx\"",
            "#r \"../helpers/.build/kernel/AsyncLab.Interactive.dll\"\nusing AsyncLab;\nAsyncLab.Interactive.Notebook.Attach();",
            code));

        const string Projects = "#:project ../../helpers/AsyncLab/AsyncLab.csproj\n#:project ../../helpers/AsyncLab.Charts/AsyncLab.Charts.csproj\n";
        Assert.Contains(expected ? Projects + "#:project ../../helpers/AsyncLab.RateLimiting/AsyncLab.RateLimiting.csproj\n#:property" : Projects + "#:property", app);
    }

    [Theory]
    [InlineData("var lab = new Lab(virtualTime: false);\nawait using var server = await lab.StartPageServer(limit: 2);", "#:project ../../helpers/AsyncLab.Server/AsyncLab.Server.csproj\n#:property")]
    [InlineData("using Polly;\nvar pipeline = new ResiliencePipelineBuilder().Build();", "#:package Polly.Core@8.9.1\n#:property ManagePackageVersionsCentrally=false\n#:property")]
    [InlineData("var lab = new Lab(virtualTime: false);\nawait using var server = await lab.StartPageServer(limit: 2);\nvar p = new Polly.ResiliencePipelineBuilder();",
        "#:project ../../helpers/AsyncLab.Server/AsyncLab.Server.csproj\n#:package Polly.Core@8.9.1\n#:property ManagePackageVersionsCentrally=false\n#:property")]
    [InlineData("var lab = new Lab();\nvar pollyanna = 1;", "AsyncLab.Charts.csproj\n#:property")]
    public void Convert_ServerOrPollyNamedInCode_AddsTheServerProjectAndThePollyPackage(string code, string expected)
    {
        var app = App(Notebook(
            "#load \"../helpers/notebook-setup.csx\"",
            "#r \"../helpers/.build/kernel/AsyncLab.Interactive.dll\"\nusing AsyncLab;\nAsyncLab.Interactive.Notebook.Attach();",
            code));

        Assert.Contains(expected, app);
    }

    [Fact]
    public void Convert_MultiLineTrailingExpression_WrapsTheWholeExpression()
    {
        var app = App(Notebook("var xs = new[] { 1, 2 };\nxs\n    .Select(x => x * 2)\n    .Sum()"));

        Assert.Contains("Lab.Show(xs\n    .Select(x => x * 2)\n    .Sum());", app);
    }

    [Theory]
    [InlineData("var a = 1;|var a = 2;", "cell 3: 'a' is already declared in cell 2")]
    [InlineData("async Task F() => await Task.Yield();|int F() => 1;", "cell 3: 'F' is already declared in cell 2")]
    [InlineData("var (p, q) = (1, 2);|var p = 3;", "cell 3: 'p' is already declared in cell 2")]
    [InlineData("record Point(int X);", "cell 2: 'Point' declares a type")]
    [InlineData("class Box { }", "cell 2: 'Box' declares a type")]
    [InlineData("display(1);", "cell 2: display(...) only exists in notebooks")]
    [InlineData("#r \"nuget: Humanizer\"", "cell 2: '#r \"nuget: Humanizer\"'")]
    [InlineData("#!time\n1", "cell 2: '#!time': no magic commands")]
    [InlineData("var x = ;", "cell 2: the code does not parse")]
    public void Convert_RuleBroken_ThrowsNamingTheCell(string cells, string expected)
    {
        var error = Assert.Throws<LessonRuleException>(() => App(Notebook(cells.Split('|'))));

        Assert.Contains(expected, error.Message);
        Assert.Contains("lesson breaks the lesson-writing rules", error.Message);
    }

    [Fact]
    public void Check_LongCell_ReportsItWithoutBlockingConversion()
    {
        var document = Notebook(string.Join("\n", Enumerable.Range(0, 26).Select(i => $"Console.WriteLine({i});")));

        var violation = Assert.Single(LessonRules.Check(document));

        Assert.Equal("cell 2: the cell has 26 lines; split it (at most 25)", violation.ToString());
        Assert.Contains("Console.WriteLine(25);", App(document));
    }

    [Fact]
    public void Check_SameNameInsideTwoLambdas_IsFine()
    {
        Assert.Empty(LessonRules.Check(Notebook("var one = Run(() => { var id = 1; return id; });", "var two = Run(() => { var id = 2; return id; });")));
    }

    [Theory]
    [InlineData("await Task.Delay(100);", "cell 2: Task.Delay without the lab's clock waits on the real clock, which virtual time cannot follow; write lab.Delay(...) or Task.Delay(t, lab.Time)")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), token);", "cell 2: Task.Delay without the lab's clock")]
    [InlineData("await System.Threading.Tasks.Task.Delay(5);", "cell 2: Task.Delay without the lab's clock")]
    [InlineData("async Task Work() => await Task.Delay(5);", "cell 2: Task.Delay without the lab's clock")]
    [InlineData("await gate.WaitAsync(TimeSpan.FromSeconds(2));", "cell 2: WaitAsync(TimeSpan.FromSeconds(2)) times out on the real clock, which virtual time cannot follow; time out with a token instead: new CancellationTokenSource(t, lab.Time), then WaitAsync(token)")]
    [InlineData("var got = await gate.WaitAsync(2000, token);", "cell 2: WaitAsync(2000) times out on the real clock")]
    [InlineData("await work.WaitAsync(TimeSpan.FromSeconds(1));", "cell 2: WaitAsync(TimeSpan.FromSeconds(1)) times out on the real clock")]
    [InlineData("Thread.Sleep(500);", "cell 2: Thread.Sleep blocks on the real clock, which virtual time cannot follow; write lab.Block(...) to show a blocked thread, or await lab.Delay(...)")]
    [InlineData("System.Threading.Thread.Sleep(TimeSpan.FromSeconds(1));", "cell 2: Thread.Sleep blocks on the real clock")]
    [InlineData("using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));", "cell 2: new CancellationTokenSource with a timeout counts it on the real clock, which virtual time cannot follow; write new CancellationTokenSource(t, lab.Time)")]
    [InlineData("var lab = new Lab(virtualTime: true);\nawait Task.Delay(10);", "cell 2: Task.Delay without the lab's clock")]
    public void Check_WaitOnTheRealClock_ReportsItWithoutBlockingConversion(string code, string expected)
    {
        var document = Notebook(code);

        var violation = Assert.Single(LessonRules.Check(document));

        Assert.StartsWith(expected, violation.ToString());
        Assert.False(violation.BreaksConversion);
        Assert.Contains(code, App(document));
    }

    [Theory]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), lab.Time);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), lab.Time, token);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), timeProvider: clock);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), fakeTimeProvider);")]
    [InlineData("await Task.Delay(Timeout.Infinite, token);")]
    [InlineData("await lab.Delay(1);")]
    [InlineData("await lab.Delay(TimeSpan.FromSeconds(1), token);")]
    [InlineData("lab.Block(TimeSpan.FromSeconds(1));")]
    [InlineData("await gate.WaitAsync();")]
    [InlineData("await gate.WaitAsync(token);")]
    [InlineData("await gate.WaitAsync(0);")]
    [InlineData("await work.WaitAsync(TimeSpan.FromSeconds(1), lab.Time);")]
    [InlineData("using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2), lab.Time);\nawait gate.WaitAsync(patience.Token);")]
    [InlineData("var wallLab = new Lab(virtualTime: false);\nawait Task.Delay(100);\nThread.Sleep(100);")]
    [InlineData("var plainLab = new Lab(false);\nawait Task.Delay(100);")]
    public void Check_WaitOnTheLabsClock_IsFine(string code)
    {
        Assert.Empty(LessonRules.Check(Notebook(code)));
    }

    [Fact]
    public void Check_RealClockFixture_NamesEachRealClockCellOnly()
    {
        var violations = LessonRules.Check(NotebookFile.Load(Repo.Fixture("real-clock.dib")));

        Assert.Equal([2, 3, 4, 5], violations.Select(v => v.Cell));
        Assert.Contains("Task.Delay without the lab's clock", violations[0].Message);
        Assert.Contains("WaitAsync(TimeSpan.FromSeconds(2)) times out", violations[1].Message);
        Assert.Contains("Thread.Sleep blocks", violations[2].Message);
        Assert.Contains("new CancellationTokenSource with a timeout", violations[3].Message);
    }

    [Theory]
    [InlineData("#load \"../helpers/notebook-setup.csx\"", "#load \"../../helpers/notebook-setup.csx\"")]
    [InlineData("#r \"../helpers/.build/kernel/AsyncLab.Interactive.dll\"\nusing AsyncLab;", "#r \"../../helpers/.build/kernel/AsyncLab.Interactive.dll\"\nusing AsyncLab;")]
    [InlineData("#r \"nuget: Humanizer\"", "#r \"nuget: Humanizer\"")]
    [InlineData("var s = \"../helpers/x\";", "var s = \"../helpers/x\";")]
    public void RewritePaths_FromNotebooksToArtifactsNotebooks_KeepsTargets(string code, string expected)
    {
        Assert.Equal(expected, ExecutedNotebook.RewritePaths(code, "/repo/notebooks", "/repo/artifacts/notebooks"));
    }

    [Fact]
    public void Build_ExecutedNotebook_ResolvesSetupPathsFromItsNewFolder()
    {
        var root = Repo.Root;
        var lesson = Path.Combine(root, "notebooks", "solutions");
        var document = Notebook("#load \"../../helpers/notebook-setup.csx\"");

        var copy = ExecutedNotebook.Build(document, lesson, Path.Combine(root, "artifacts", "notebooks", "solutions"), run: null);

        var path = copy.Elements[1].Contents["#load \"".Length..^1];
        Assert.Equal(Path.Combine(root, "helpers", "notebook-setup.csx"), Path.GetFullPath(Path.Combine(root, "artifacts", "notebooks", "solutions", path)));
    }

    [Theory]
    [InlineData("var x = \"text\"; // note\nawait Task.Delay(1);")]
    [InlineData("#load \"../helpers/notebook-setup.csx\"")]
    [InlineData("Console.WriteLine($\"got {page} <b>\");")]
    public void ToHtml_Code_KeepsEveryCharacter(string code)
    {
        var html = CSharpHighlighter.ToHtml(code);

        var text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));
        Assert.Equal(code, text);
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void ToHtml_Keywords_GetTheKeywordClass()
    {
        Assert.Contains("<span class=\"k\">await</span>", CSharpHighlighter.ToHtml("await Task.Delay(1);"));
        Assert.Contains("<span class=\"c\">// note</span>", CSharpHighlighter.ToHtml("var x = 1; // note"));
    }

    [Fact]
    public void WithoutInlinePlotly_Fragment_RemovesEveryCopy()
    {
        var html = "<div><script data-asynclab-plotly>var Plotly = {};</script><p>x</p><script data-asynclab-plotly>again</script><script>draw()</script></div>";

        Assert.Equal("<div><p>x</p><script>draw()</script></div>", Site.WithoutInlinePlotly(html));
    }

    [Fact]
    public void CellOutput_Html_TextDropsTagsAndScripts()
    {
        var output = new CellOutput(OutputKind.Display, new Dictionary<string, string> { ["text/html"] = "<div>5 tasks<script>var a = 1;</script> &amp; more</div>" });

        Assert.Equal("5 tasks  & more", output.Text.Trim());
    }
}
