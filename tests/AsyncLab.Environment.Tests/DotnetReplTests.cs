using System.Net;
using System.Text.Json;

namespace AsyncLab.Environment.Tests;

/// <summary>
/// dotnet-repl, the README's fallback console runner (pinned in .config/dotnet-tools.json), runs a lesson from the
/// notebooks folder on its own kernel and writes the executed notebook.
/// </summary>
public sealed class DotnetReplTests
{
    private const string Lesson = "00-start-here";

    [Fact]
    public async Task DotnetRepl_RunsALesson_EveryCellPassesWithTheGoldenSummaries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempFolder("repl");
        var executed = temp.Combine(Lesson + ".ipynb");

        var result = await Command.RunAsync("dotnet",
            ["tool", "run", "dotnet-repl", "--", "--run", Lesson + ".dib", "--exit-after-run",
             "--output-format", "ipynb", "--output-path", executed],
            RepoFiles.PathOf("notebooks"),
            new Dictionary<string, string?> { ["ASYNCLAB_TIME"] = "virtual" },
            TimeSpan.FromMinutes(4), ct);

        // dotnet-repl exits with 2 when a cell fails; its outputs are in the notebook it writes.
        Assert.True(result.Succeeded, result.Describe());
        using var notebook = JsonDocument.Parse(await File.ReadAllTextAsync(executed, ct));
        var cells = notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(Outputs)
            .ToList();
        Assert.Equal(LessonNotebook.DibCodeCells(RepoFiles.PathOf($"notebooks/{Lesson}.dib")).Count, cells.Count);
        Assert.StartsWith("AsyncLab helpers ready", cells[0].Text);
        var failed = cells.Select((cell, index) => (cell.Error, Number: index + 1)).Where(c => c.Error is not null).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(c => $"cell {c.Number}: {c.Error}")));
        Assert.Equal(LessonSummaries.Golden(Lesson), cells.SelectMany(c => LessonSummaries.In(c.Text)).ToArray());
    }

    /// <summary>A code cell's outputs: streams and displayed values (HTML decoded) as text, and its error if it failed.</summary>
    private static (string Text, string? Error) Outputs(JsonElement cell)
    {
        static string Text(JsonElement value) =>
            value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? "";

        var parts = new List<string>();
        string? error = null;
        foreach (var output in cell.GetProperty("outputs").EnumerateArray())
        {
            switch (output.GetProperty("output_type").GetString())
            {
                case "stream":
                    parts.Add(Text(output.GetProperty("text")));
                    break;
                case "error":
                    error = $"{output.GetProperty("ename").GetString()}: {output.GetProperty("evalue").GetString()}";
                    break;
                default:
                    foreach (var item in output.GetProperty("data").EnumerateObject().Where(d => d.Name is "text/plain" or "text/html"))
                    {
                        parts.Add(WebUtility.HtmlDecode(Text(item.Value)));
                    }
                    break;
            }
        }
        return (string.Join("\n", parts), error);
    }
}
