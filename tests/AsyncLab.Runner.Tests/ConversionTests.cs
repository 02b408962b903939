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
        FileBasedApp.Convert(document, "lesson", "/repo/artifacts/apps/lesson.cs", "/repo/helpers/AsyncLab/AsyncLab.csproj");

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
        Assert.Contains("#:project ../../helpers/AsyncLab/AsyncLab.csproj\n", app);
        Assert.Contains("using AsyncLab;\nusing System.Threading.Channels;\n", app);
        Assert.DoesNotContain("notebook-setup", app);
        Assert.DoesNotContain("Attach()", app);
        Assert.Contains("// # Title", app);
        Assert.Contains("var lab = new Lab();\nLab.Show(lab);", app);
        Assert.Contains("var total = 1 + 2; // not shown\nConsole.WriteLine(total);", app);
        Assert.True(app.IndexOf("using System.Threading.Channels;", StringComparison.Ordinal) < app.IndexOf("var lab", StringComparison.Ordinal));
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
