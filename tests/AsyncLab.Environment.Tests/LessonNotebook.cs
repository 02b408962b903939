using System.Text.Json;

namespace AsyncLab.Environment.Tests;

/// <summary>The code cells of a lesson, read from its .dib source or from a Jupyter notebook (.ipynb) made of it.</summary>
internal static class LessonNotebook
{
    /// <summary>The code cells of a .dib file, in order: a line "#!csharp" starts one, "#!markdown" or "#!meta" ends it.</summary>
    public static IReadOnlyList<string> DibCodeCells(string dibPath)
    {
        var cells = new List<string>();
        List<string>? current = null;
        foreach (var line in File.ReadAllLines(dibPath).Append("#!end"))
        {
            if (line is "#!csharp" or "#!markdown" or "#!meta" or "#!end")
            {
                if (current is not null)
                {
                    cells.Add(string.Join('\n', current).Trim('\n'));
                }
                current = line == "#!csharp" ? [] : null;
            }
            else
            {
                current?.Add(line);
            }
        }
        return cells;
    }

    /// <summary>The code cells of an .ipynb file, in order (a cell's source is a string or a list of lines).</summary>
    public static IReadOnlyList<string> IpynbCodeCells(string ipynbPath)
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(ipynbPath));
        return [.. notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(cell => cell.GetProperty("cell_type").GetString() == "code")
            .Select(cell => cell.GetProperty("source") is { ValueKind: JsonValueKind.Array } lines
                ? string.Concat(lines.EnumerateArray().Select(l => l.GetString()))
                : cell.GetProperty("source").GetString() ?? "")];
    }
}
