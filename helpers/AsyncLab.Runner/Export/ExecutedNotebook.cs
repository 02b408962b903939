using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;
using Microsoft.DotNet.Interactive.Documents;

namespace AsyncLab.Runner.Export;

/// <summary>Builds the executed notebook (.ipynb with outputs) from a notebook and its run.</summary>
public static partial class ExecutedNotebook
{
    /// <summary>
    /// A copy of <paramref name="document"/> with the run's outputs, and with the relative paths of <c>#load</c> and
    /// <c>#r</c> lines rewritten so they still resolve from <paramref name="targetFolder"/> (where the copy is saved).
    /// </summary>
    public static InteractiveDocument Build(InteractiveDocument document, string notebookFolder, string targetFolder, NotebookRun? run)
    {
        var cells = new List<InteractiveDocumentElement>();
        var order = 0;
        var plotlyKept = false;
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var source = document.Elements[i];
            var result = run?.Cells.ElementAtOrDefault(i);
            var outputs = result is null ? [] : Outputs(result, ref plotlyKept);
            var contents = RewritePaths(source.Contents ?? "", notebookFolder, targetFolder);
            var cell = new InteractiveDocumentElement(contents, source.KernelName, outputs);
            if (result is { IsCode: true, Status: not CellStatus.Skipped })
            {
                cell.ExecutionOrder = ++order;
            }
            cells.Add(cell);
        }
        var copy = new InteractiveDocument(cells);
        foreach (var (key, value) in document.Metadata)
        {
            copy.Metadata[key] = value;
        }
        return copy;
    }

    /// <summary>Rewrites relative <c>#load "…"</c> / <c>#r "…"</c> paths from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string RewritePaths(string code, string from, string to) =>
        LoadLine().Replace(code, m =>
        {
            var path = m.Groups["path"].Value;
            if (path.Contains(':', StringComparison.Ordinal) || Path.IsPathRooted(path))
            {
                return m.Value; // nuget:, absolute paths
            }
            var target = Path.GetFullPath(Path.Combine(from, path));
            var relative = Path.GetRelativePath(to, target).Replace('\\', '/');
            return $"{m.Groups["directive"].Value} \"{relative}\"";
        });

    /// <summary>
    /// The cell's outputs as notebook outputs. Only the first chart in the notebook keeps its inline copy of
    /// plotly.js: Jupyter and VS Code render all outputs in one page, where the guarded script defines Plotly once,
    /// so later copies would only add megabytes.
    /// </summary>
    private static List<InteractiveDocumentOutputElement> Outputs(CellResult result, ref bool plotlyKept)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        foreach (var output in result.Outputs)
        {
            switch (output.Kind)
            {
                case OutputKind.StandardOutput:
                    outputs.Add(new TextElement(output.Text, "stdout"));
                    break;
                case OutputKind.StandardError:
                    outputs.Add(new TextElement(output.Text, "stderr"));
                    break;
                case OutputKind.Error:
                    outputs.Add(new ErrorElement("Error", output.Text, []));
                    break;
                case OutputKind.ReturnValue:
                    var value = new ReturnValueElement { ExecutionOrder = result.Number };
                    foreach (var (mime, text) in output.Data)
                    {
                        value.Data[mime] = KeepPlotlyOnce(text, ref plotlyKept);
                    }
                    outputs.Add(value);
                    break;
                default:
                    var data = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var (mime, text) in output.Data)
                    {
                        data[mime] = KeepPlotlyOnce(text, ref plotlyKept);
                    }
                    outputs.Add(new DisplayElement(data));
                    break;
            }
        }
        if (result.Error is { } error)
        {
            outputs.Add(new ErrorElement(result.Status == CellStatus.TimedOut ? "Timeout" : "Error", error, []));
        }
        return outputs;
    }

    private static string KeepPlotlyOnce(string html, ref bool plotlyKept)
    {
        if (!html.Contains("data-asynclab-plotly", StringComparison.Ordinal))
        {
            return html;
        }
        if (plotlyKept)
        {
            return Site.WithoutInlinePlotly(html);
        }
        plotlyKept = true;
        return html;
    }

    [GeneratedRegex(@"^(?<directive>#load|#r)\s+""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex LoadLine();
}
