using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;

namespace AsyncLab.Runner.Tests;

/// <summary>Lessons and solutions follow the notebook contract and the lesson-writing rules (notebooks/AUTHORING.md).</summary>
public sealed class NotebookHygieneTests
{
    public static TheoryData<string> Notebooks() => [.. Repo.LessonsAndSolutions()];

    private static string PathOf(string notebook) => Path.Combine(Repo.Notebooks, notebook);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Load_Notebook_StartsWithTitleThenTheTwoSetupCells(string notebook)
    {
        var document = NotebookFile.Load(PathOf(notebook));
        var up = notebook.StartsWith("solutions/", StringComparison.Ordinal) ? "../../" : "../";

        Assert.Equal("markdown", document.Elements[0].KernelName);
        Assert.StartsWith("# ", document.Elements[0].Contents.TrimStart());
        Assert.Equal("csharp", document.Elements[1].KernelName);
        Assert.Equal($"#load \"{up}helpers/notebook-setup.csx\"", document.Elements[1].Contents.Trim());
        Assert.Equal("csharp", document.Elements[2].KernelName);
        Assert.Equal(
            $"#r \"{up}helpers/.build/kernel/AsyncLab.Interactive.dll\"\nusing AsyncLab;\nAsyncLab.Interactive.Notebook.Attach();",
            document.Elements[2].Contents.Trim().ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Load_Notebook_DeclaresTheCSharpKernelAndUsesOnlyCSharpAndMarkdownCells(string notebook)
    {
        var text = File.ReadAllText(PathOf(notebook));
        var document = NotebookFile.Load(PathOf(notebook));

        Assert.StartsWith("#!meta", text);
        Assert.Contains("\"defaultKernelName\":\"csharp\"", text.Replace(" ", "", StringComparison.Ordinal));
        Assert.All(document.Elements, cell => Assert.Contains(cell.KernelName, new[] { "csharp", "markdown" }));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Load_Notebook_StoresNoOutputs(string notebook)
    {
        var document = NotebookFile.Load(PathOf(notebook));

        Assert.All(document.Elements, cell => Assert.Empty(cell.Outputs));
        Assert.DoesNotContain("#!output", File.ReadAllText(PathOf(notebook)));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Check_Notebook_FollowsTheLessonWritingRules(string notebook)
    {
        var violations = LessonRules.Check(NotebookFile.Load(PathOf(notebook)));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
