using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace AsyncLab.Runner.Execution;

/// <summary>Reads and writes notebooks (.dib and .ipynb) with Microsoft.DotNet.Interactive.Documents.</summary>
public static class NotebookFile
{
    /// <summary>The kernels a lesson may name: the C# kernel plus the non-code cell kinds.</summary>
    public static KernelInfoCollection Kernels()
    {
        var kernels = new KernelInfoCollection
        {
            new KernelInfo("csharp", "C#", ["c#", "C#"]),
            new KernelInfo("fsharp", "F#", ["f#", "F#"]),
            new KernelInfo("pwsh", "PowerShell", ["powershell"]),
            new KernelInfo("javascript", "JavaScript", ["js"]),
            new KernelInfo("html", "HTML", []),
            new KernelInfo("mermaid", "Mermaid", []),
            new KernelInfo("markdown", "Markdown", ["md"]),
            new KernelInfo("value", "value", []),
        };
        kernels.DefaultKernelName = "csharp";
        return kernels;
    }

    /// <summary>Reads a .dib or .ipynb file, with a clear message when it is missing or malformed.</summary>
    /// <exception cref="NotebookFormatException">The file is missing, empty or cannot be parsed.</exception>
    public static InteractiveDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new NotebookFormatException($"Notebook '{path}' does not exist.");
        }
        var text = File.ReadAllText(path);
        InteractiveDocument document;
        try
        {
            document = Path.GetExtension(path).Equals(".ipynb", StringComparison.OrdinalIgnoreCase)
                ? Notebook.Parse(text, Kernels())
                : CodeSubmission.Parse(text, Kernels());
        }
        catch (Exception e)
        {
            throw new NotebookFormatException($"Notebook '{path}' is malformed: {e.Message}", e);
        }
        var cells = document.Elements.Where(e => !string.IsNullOrWhiteSpace(e.Contents)).ToList();
        if (cells.Count == 0)
        {
            throw new NotebookFormatException($"Notebook '{path}' has no cells.");
        }
        if (Path.GetExtension(path).Equals(".dib", StringComparison.OrdinalIgnoreCase) && !text.TrimStart().StartsWith("#!", StringComparison.Ordinal))
        {
            throw new NotebookFormatException($"Notebook '{path}' is malformed: a .dib file starts with a '#!meta' or '#!<kernel>' line.");
        }
        var known = Kernels();
        foreach (var (cell, index) in document.Elements.Select((c, i) => (c, i + 1)))
        {
            if (!known.Contains(cell.KernelName ?? ""))
            {
                throw new NotebookFormatException($"Notebook '{path}' is malformed: cell {index} names an unknown kernel '{cell.KernelName}'.");
            }
        }
        return document;
    }

    /// <summary>Writes <paramref name="document"/> as a Jupyter notebook (.ipynb) to <paramref name="path"/>.</summary>
    public static void SaveIpynb(InteractiveDocument document, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, WithCellIds(Notebook.ToJupyterJson(document, "csharp")));
    }

    /// <summary>
    /// Makes the notebook nbformat 4.5: every cell gets an id (Jupyter's validator warns about cells without one, and says
    /// it will become an error). The ids are cell-1, cell-2...: the same on every export, so diffs stay small.
    /// </summary>
    internal static string WithCellIds(string ipynb)
    {
        var notebook = System.Text.Json.Nodes.JsonNode.Parse(ipynb)!.AsObject();
        notebook["nbformat"] = 4;
        notebook["nbformat_minor"] = Math.Max(5, notebook["nbformat_minor"]?.GetValue<int>() ?? 0);
        if (notebook["cells"] is System.Text.Json.Nodes.JsonArray cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i] is System.Text.Json.Nodes.JsonObject cell)
                {
                    cell["id"] = $"cell-{i + 1}";
                }
            }
        }
        return notebook.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>True for code cells (not markdown).</summary>
    public static bool IsCode(InteractiveDocumentElement cell) =>
        cell.KernelName is not ("markdown" or "md" or null);
}
