using System.Globalization;
using System.Text;
using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>Writes the HTML of a timeline: the static SVG, the plot div and its drawing script, the summary.</summary>
internal static class HtmlFragment
{
    /// <summary>The CSS class of the outer element of every fragment.</summary>
    public const string ContainerClass = "asynclab-timeline";

    /// <summary>
    /// One self-contained <c>&lt;div class="asynclab-timeline"&gt;</c>. Each chart inside is a static SVG picture
    /// followed by an empty plot div; its script draws the plot as soon as <c>window.Plotly</c> exists (at once, or
    /// when plotly.js arrives later in the page), then hides the SVG. Ids are random, so a page can hold many.
    /// </summary>
    /// <remarks>
    /// <paramref name="afterSummary"/> is HTML (already escaped) placed after the summary and warnings, such as a verdict.
    /// <paramref name="pictures"/> gives a ready static SVG for a chart that has no row model (a sweep's curve); it hides
    /// once the plot is drawn, like the others.
    /// </remarks>
    public static string Build(IReadOnlyList<(RowChartModel? Model, GenericChart Chart)> charts, string summary, bool includePlotlyJs, IReadOnlyList<string>? warnings = null, string? afterSummary = null, IReadOnlyList<string?>? pictures = null)
    {
        var id = "asynclab-" + Guid.NewGuid().ToString("N")[..12];
        var html = new StringBuilder();
        html.Append($"<div class=\"{ContainerClass}\" id=\"{id}\" style=\"max-width:1000px\">");
        for (var i = 0; i < charts.Count; i++)
        {
            var (model, chart) = charts[i];
            var chartId = $"{id}-{i}";
            var picture = model is not null ? SvgPicture.Render(model, "currentColor", includeFooter: false) : pictures is not null && i < pictures.Count ? pictures[i] : null;
            if (picture is not null)
            {
                html.Append($"<div class=\"asynclab-static\" id=\"{chartId}-static\">");
                html.Append(picture);
                html.Append("</div>");
            }
            html.Append($"<div class=\"asynclab-plot\" id=\"{chartId}-plot\"></div>");
        }
        html.Append($"<div class=\"asynclab-summary\" style=\"font-family:monospace;margin:4px 0 8px 0\">{Text.Escape(summary)}</div>");
        foreach (var warning in warnings ?? [])
        {
            html.Append($"<div class=\"asynclab-warning\" style=\"font-family:sans-serif;color:#D55E00;margin:0 0 8px 0\">⚠ {Text.Escape(warning)}</div>");
        }
        html.Append(afterSummary);
        if (includePlotlyJs)
        {
            html.Append(PlotlyJs.GuardedScript);
        }
        html.Append("<script>");
        for (var i = 0; i < charts.Count; i++)
        {
            html.Append(DrawScript($"{id}-{i}", GenericChart.toFigureJson(charts[i].Chart)));
        }
        html.Append("</script></div>");
        return html.ToString();
    }

    /// <summary>A standalone page: plotly.js once in the head, then the fragment without its own copy.</summary>
    public static string Page(string title, string fragment)
    {
        var escaped = Text.Escape(title);
        return string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{escaped}</title>
            <style>
            body {"{"} font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 1.5rem; color: #222; background: #fff; {"}"}
            @media (prefers-color-scheme: dark) {"{"} body {"{"} color: #ddd; background: #1e1e1e; {"}"} {"}"}
            </style>
            {PlotlyJs.GuardedScript}
            </head>
            <body>
            {fragment}
            </body>
            </html>

            """);
    }

    /// <summary>
    /// The script that draws one chart. The figure JSON is escaped for a script element (no <c>&lt;/</c> inside).
    /// Text colour follows the colour of the surrounding page, so the chart reads on light and dark themes.
    /// </summary>
    internal static string DrawScript(string chartId, string figureJson) => $$$"""
        (function(){var id="{{{chartId}}}";var fig={{{Text.ForScript(figureJson)}}};var tries=0;
        function draw(){var gd=document.getElementById(id+"-plot");if(!gd){return;}
        var color=window.getComputedStyle(gd).color;if(color){fig.layout.font=fig.layout.font||{};fig.layout.font.color=color;}
        window.Plotly.newPlot(gd,fig.data,fig.layout,{responsive:true,displaylogo:false});
        gd.once("plotly_afterplot",function(){gd.setAttribute("data-asynclab-drawn",performance.now().toFixed(1));
        var s=document.getElementById(id+"-static");if(s){s.style.display="none";}});}
        function wait(){if(window.Plotly&&window.Plotly.newPlot){draw();}else if(++tries<600){setTimeout(wait,50);}}
        wait();})();
        """;
}
