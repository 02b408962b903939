using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;

namespace AsyncLab.Runner.Export;

/// <summary>
/// Writes the offline site: index.html and one page per lesson with rendered markdown, highlighted code and the
/// outputs, charts included. plotly.js is written once as plotly.min.js beside the pages; nothing is fetched.
/// </summary>
public static partial class Site
{
    /// <summary>The file every page loads plotly.js from.</summary>
    public const string PlotlyFile = "plotly.min.js";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>A lesson page to write: its file name (without .html), title, notebook and run (null: no outputs).</summary>
    public sealed record Page(string Name, string Title, InteractiveDocument Document, NotebookRun? Run);

    /// <summary>Writes plotly.min.js, every page and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IReadOnlyList<Page> pages)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, PlotlyFile), AsyncLab.Charts.PlotlyJs.Source);
        foreach (var page in pages)
        {
            File.WriteAllText(Path.Combine(folder, page.Name + ".html"), Lesson(page));
        }
        File.WriteAllText(Path.Combine(folder, "index.html"), Index(pages));
    }

    /// <summary>The lesson title: the first markdown heading, else the file name.</summary>
    public static string TitleOf(InteractiveDocument document, string fallback) =>
        document.Elements.Where(e => e.KernelName is "markdown" or "md")
            .Select(e => Heading().Match(e.Contents ?? ""))
            .FirstOrDefault(m => m.Success)?.Groups["title"].Value.Trim() ?? fallback;

    /// <summary>Removes every inline copy of plotly.js (<c>&lt;script data-asynclab-plotly&gt;</c>) from an output.</summary>
    public static string WithoutInlinePlotly(string html) => InlinePlotly().Replace(html, "");

    private static string Lesson(Page page)
    {
        var body = new StringBuilder();
        body.Append("<nav><a href=\"index.html\">← all lessons</a></nav>\n");
        for (var i = 0; i < page.Document.Elements.Count; i++)
        {
            var cell = page.Document.Elements[i];
            var code = cell.Contents ?? "";
            if (cell.KernelName is "markdown" or "md")
            {
                body.Append("<section class=\"md\">").Append(Markdig.Markdown.ToHtml(code, Markdown)).Append("</section>\n");
                continue;
            }
            var result = page.Run?.Cells.ElementAtOrDefault(i);
            var setup = LessonRules.IsSetupCell(code) ? " setup" : "";
            body.Append($"<section class=\"cell{setup}\" data-cell=\"{i + 1}\">");
            body.Append($"<pre class=\"code\"><code>{CSharpHighlighter.ToHtml(code.TrimEnd())}</code></pre>");
            foreach (var output in MergeText(result?.Outputs ?? []))
            {
                body.Append(Output(output));
            }
            if (result?.Error is { } error)
            {
                body.Append($"<pre class=\"out error\">{WebUtility.HtmlEncode(error)}</pre>");
            }
            body.Append("</section>\n");
        }
        return Document(page.Title, body.ToString());
    }

    /// <summary>Joins runs of console text (one output per WriteLine) into one block.</summary>
    private static IEnumerable<CellOutput> MergeText(IReadOnlyList<CellOutput> outputs)
    {
        CellOutput? pending = null;
        foreach (var output in outputs)
        {
            var isText = output.Kind is OutputKind.StandardOutput or OutputKind.StandardError && output["text/html"] is null;
            if (isText && pending is not null && pending.Kind == output.Kind)
            {
                pending = pending with { Data = new Dictionary<string, string> { ["text/plain"] = pending.Text + output.Text } };
                continue;
            }
            if (pending is not null)
            {
                yield return pending;
            }
            pending = isText ? output : null;
            if (!isText)
            {
                yield return output;
            }
        }
        if (pending is not null)
        {
            yield return pending;
        }
    }

    private static string Output(CellOutput output)
    {
        if (output[("text/html")] is { } html)
        {
            return $"<div class=\"out\">{WithoutInlinePlotly(html)}</div>";
        }
        var css = output.Kind is OutputKind.Error or OutputKind.StandardError ? "out error" : "out";
        return $"<pre class=\"{css}\">{WebUtility.HtmlEncode(output.Text)}</pre>";
    }

    private static string Index(IReadOnlyList<Page> pages)
    {
        var body = new StringBuilder("<h1>AsyncLab lessons</h1>\n<ol class=\"lessons\">\n");
        foreach (var page in pages)
        {
            var status = page.Run is null ? "not run" : page.Run.Succeeded ? "ran without errors" : "has failing cells";
            body.Append($"<li><a href=\"{Uri.EscapeDataString(page.Name)}.html\">{WebUtility.HtmlEncode(page.Title)}</a> <span class=\"status\">{status}</span></li>\n");
        }
        body.Append("</ol>\n<p>Every page works offline: open it from disk, no network needed.</p>\n");
        return Document("AsyncLab lessons", body.ToString());
    }

    private static string Document(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1040px; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1f2328; }
        pre { overflow-x: auto; padding: .6em .8em; border-radius: 6px; font-size: 13px; }
        pre.code { background: #f6f8fa; border: 1px solid #d0d7de; }
        pre.out { background: #fff; border-left: 3px solid #d0d7de; }
        pre.error { border-left-color: #d55e00; color: #9a3412; }
        div.out { margin: .4em 0 1em 0; overflow-x: auto; }
        section.setup pre.code { opacity: .7; }
        .k { color: #0550ae; } .s { color: #0a3069; } .c { color: #6e7781; font-style: italic; } .n { color: #953800; } .t { color: #8250df; } .d { color: #6e7781; }
        code { font-family: ui-monospace, SFMono-Regular, Consolas, monospace; }
        .status { color: #6e7781; font-size: .9em; }
        table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 2px 6px; }
        </style>
        <script src="{{PlotlyFile}}"></script>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    [GeneratedRegex(@"^#{1,2}\s+(?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<script\s+data-asynclab-plotly[^>]*>.*?</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlinePlotly();
}
