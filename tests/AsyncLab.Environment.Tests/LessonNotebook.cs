using System.Text.Json.Nodes;

namespace AsyncLab.Environment.Tests;

/// <summary>
/// A lesson (.dib) as the Jupyter notebook (.ipynb, nbformat 4) a student opens on a hub: the same cells, no outputs,
/// the ".NET (C#)" kernel.
/// </summary>
internal static class LessonNotebook
{
    /// <summary>The code cells of a .dib file, in order.</summary>
    public static IReadOnlyList<string> CodeCells(string dibPath) =>
        [.. Cells(dibPath).Where(c => c.Kind == "csharp").Select(c => c.Source)];

    /// <summary>Writes <paramref name="dibPath"/> as an .ipynb at <paramref name="ipynbPath"/>.</summary>
    public static void WriteIpynb(string dibPath, string ipynbPath)
    {
        var cells = new JsonArray();
        foreach (var (kind, source) in Cells(dibPath))
        {
            var cell = new JsonObject
            {
                ["cell_type"] = kind == "csharp" ? "code" : "markdown",
                ["id"] = $"cell-{cells.Count}",
                ["metadata"] = new JsonObject(),
                ["source"] = source,
            };
            if (kind == "csharp")
            {
                cell["execution_count"] = null;
                cell["outputs"] = new JsonArray();
            }
            cells.Add(cell);
        }
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
            },
            ["cells"] = cells,
        };
        File.WriteAllText(ipynbPath, notebook.ToJsonString());
    }

    /// <summary>The markdown and C# cells of a .dib file; a line "#!kernel" starts a cell, "#!meta" holds no cell.</summary>
    private static IEnumerable<(string Kind, string Source)> Cells(string dibPath)
    {
        string? kind = null;
        var lines = new List<string>();
        foreach (var line in File.ReadAllLines(dibPath).Append("#!end"))
        {
            if (line is "#!csharp" or "#!markdown" or "#!meta" or "#!end")
            {
                if (kind is "csharp" or "markdown")
                {
                    yield return (kind, string.Join('\n', lines).Trim('\n'));
                }
                kind = line[2..];
                lines.Clear();
            }
            else if (line.StartsWith("#!", StringComparison.Ordinal) && kind is null)
            {
                throw new InvalidDataException($"{dibPath}: '{line}' before the first cell.");
            }
            else
            {
                lines.Add(line);
            }
        }
    }
}
