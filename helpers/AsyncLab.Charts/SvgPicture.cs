using System.Text;

namespace AsyncLab.Charts;

/// <summary>
/// Draws a <see cref="RowChartModel"/> as a static SVG, with no script: what a reader sees where scripts do not run
/// (GitHub's notebook view, an untrusted notebook, a plain image).
/// </summary>
/// <remarks>
/// Up to <see cref="DetailedRowLimit"/> rows every segment is a <c>&lt;rect&gt;</c> with a tooltip and every row is
/// labelled. Above it rows are binned into at most <see cref="MaxBands"/> bands; each state becomes ONE path whose
/// pieces are the merged intervals of each band, rounded to whole pixels, so a 10,000-task picture stays small.
/// </remarks>
internal static class SvgPicture
{
    /// <summary>Above this many rows the picture bins rows into bands.</summary>
    public const int DetailedRowLimit = 60;

    /// <summary>The most bands a binned picture draws.</summary>
    public const int MaxBands = 200;

    private const double Width = 900;
    private const double RightPad = 24;
    private const double LowerPanel = 80;
    private const double ResourcePanel = 50;
    private const double ResourceGap = 26;

    /// <summary>The SVG document. Text uses <paramref name="textColor"/> (for example <c>currentColor</c> inside HTML).</summary>
    public static string Render(RowChartModel model, string textColor, bool includeFooter)
    {
        var rowCount = model.Rows.Count;
        var detailed = rowCount <= DetailedRowLimit;
        var rowsPerBand = detailed ? 1 : (int)Math.Ceiling(rowCount / (double)MaxBands);
        var bands = detailed ? rowCount : (int)Math.Ceiling(rowCount / (double)rowsPerBand);
        var bandHeight = detailed ? 22.0 : Math.Max(1.0, 400.0 / Math.Max(1, bands));
        var longestLabel = detailed ? model.Rows.Select(r => DisplayLength(r)).DefaultIfEmpty(4).Max() : 12;
        var left = Math.Clamp(longestLabel * 7.0 + 16, 70, 240);
        var top = model.Title is null ? 24.0 : 48.0;
        var rowsHeight = Math.Max(bands, 1) * bandHeight;
        var lowerTop = top + rowsHeight + 24;
        var lowerBottom = lowerTop + LowerPanel;
        var axisY = lowerBottom + model.Panels.Count * (ResourceGap + ResourcePanel);
        var legendY = axisY + 58;
        var plotWidth = Width - left - RightPad;

        // Legend entries, wrapped onto as many lines as they need.
        var legend = new List<(string Name, string Color, int Kind, double X, double Y)>();
        var legendX = left;
        var legendLineY = legendY;
        foreach (var (name, color, kind) in model.Bars.Where(b => b.Bars.Count > 0).Select(b => (b.Name, b.Color, Kind: 0))
            .Concat(model.Points.Select(p => (p.Name, p.Color, Kind: 1)))
            .Concat(model.Steps.Select(s => (s.Name, s.Color, Kind: s.Dotted ? 3 : 2)))
            .Concat(model.Panels.SelectMany(p => p.Steps).Select(s => (s.Name, s.Color, Kind: s.Dash == StepDash.Dashed ? 4 : s.Dotted ? 3 : 2))))
        {
            var entryWidth = 19 + DisplayLength(name) * 6.6 + 18;
            if (legendX > left && legendX + entryWidth - 18 > Width - RightPad)
            {
                legendX = left;
                legendLineY += 18;
            }
            legend.Add((name, color, kind, legendX, legendLineY));
            legendX += entryWidth;
        }
        var height = legendLineY + (includeFooter && model.Footer is not null ? 40 : 18);
        var end = model.End > 0 ? model.End * 1.03 : 1.0;
        double X(double t) => left + (t / end * plotWidth);
        double RowY(int row) => top + ((row / rowsPerBand) + 0.5) * bandHeight;

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"asynclab-svg\" role=\"img\" viewBox=\"0 0 {N(Width)} {N(height)}\" width=\"{N(Width)}\" height=\"{N(height)}\" style=\"max-width:100%;height:auto\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">");
        svg.Append($"<title>{model.Title ?? "timeline"}</title>");
        if (model.Title is not null)
        {
            svg.Append($"<text x=\"{N(left)}\" y=\"22\" font-size=\"16\" fill=\"{textColor}\">{model.Title}</text>");
        }

        // Time axis: grid lines through both panels and tick labels under the lower one.
        var step = NiceStep(end / 8);
        for (var t = 0.0; t <= end + 1e-9; t += step)
        {
            var x = X(t);
            svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(top)}\" x2=\"{N(x)}\" y2=\"{N(axisY)}\" stroke=\"{Palette.Grid}\" stroke-width=\"1\"/>");
            svg.Append($"<text x=\"{N(x)}\" y=\"{N(axisY + 15)}\" text-anchor=\"middle\" fill=\"{textColor}\">{N(t)} s</text>");
        }
        svg.Append($"<text x=\"{N(left + plotWidth / 2)}\" y=\"{N(axisY + 31)}\" text-anchor=\"middle\" fill=\"{textColor}\">time (s)</text>");

        // Row labels.
        if (detailed)
        {
            for (var row = 0; row < rowCount; row++)
            {
                svg.Append($"<text x=\"{N(left - 8)}\" y=\"{N(RowY(row) + 4)}\" text-anchor=\"end\" fill=\"{textColor}\">{Truncate(model.Rows[row], 32)}</text>");
            }
        }
        else
        {
            var labelEvery = Math.Max(1, bands / 10);
            for (var band = 0; band < bands; band += labelEvery)
            {
                var y = top + (band + 0.5) * bandHeight;
                svg.Append($"<text x=\"{N(left - 8)}\" y=\"{N(y + 4)}\" text-anchor=\"end\" fill=\"{textColor}\">#{band * rowsPerBand + 1}</text>");
            }
            svg.Append($"<text x=\"{N(left - 8)}\" y=\"{N(top - 6)}\" text-anchor=\"end\" fill=\"{textColor}\">{model.RowAxisTitle}</text>");
        }

        // Bars, then failure marks.
        foreach (var series in model.Bars)
        {
            if (detailed)
            {
                // A thin white edge shows where one segment ends and the next begins on the same row.
                svg.Append($"<g fill=\"{series.Color}\" stroke=\"{Palette.SegmentEdge}\" stroke-width=\"1\">");
                var labels = new StringBuilder();
                foreach (var bar in series.Bars)
                {
                    var x0 = X(bar.Start);
                    var w = Math.Max(X(bar.End) - x0, 0.75);
                    svg.Append($"<rect x=\"{N(x0)}\" y=\"{N(RowY(bar.Row) - bandHeight * 0.35)}\" width=\"{N(w)}\" height=\"{N(bandHeight * 0.7)}\"><title>{Tooltip(bar.Hover)}</title></rect>");
                    if (bar.Label is not null && LabelFits(bar.Label, w))
                    {
                        labels.Append($"<text class=\"asynclab-segment-label\" x=\"{N(x0 + w / 2)}\" y=\"{N(RowY(bar.Row) + 3.5)}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{Palette.LabelOn(series.Color)}\" pointer-events=\"none\">{bar.Label}</text>");
                    }
                }
                svg.Append("</g>");
                svg.Append(labels);
            }
            else
            {
                AppendBandPath(svg, series, rowsPerBand, X, top, bandHeight);
            }
        }
        foreach (var series in model.Points)
        {
            var size = detailed ? 5.0 : Math.Max(1.5, bandHeight * 0.5);
            var d = new StringBuilder();
            var seen = new HashSet<(int, int)>();
            foreach (var point in series.Points)
            {
                var x = X(point.Time);
                var y = RowY(point.Row);
                if (!detailed && !seen.Add((point.Row / rowsPerBand, (int)Math.Round(x))))
                {
                    continue;
                }
                d.Append(series.Symbol == "x"
                    ? $"M{N(x - size)} {N(y - size)}L{N(x + size)} {N(y + size)}M{N(x - size)} {N(y + size)}L{N(x + size)} {N(y - size)}"
                    : $"M{N(x)} {N(y - size)}V{N(y + size)}");
            }
            if (d.Length > 0)
            {
                svg.Append($"<path d=\"{d}\" stroke=\"{series.Color}\" stroke-width=\"2\" fill=\"none\"><title>{series.Name}</title></path>");
            }
        }

        // Lower panel: step lines.
        var maxValue = Math.Max(1, model.Steps.SelectMany(s => s.Points).Select(p => p.Value).Concat((model.PanelPoints ?? []).Where(p => p.Panel is null).Select(p => p.Value)).DefaultIfEmpty(0).Max());
        double StepY(int value) => lowerBottom - (value / (double)maxValue * (LowerPanel - 8));
        AppendPanel(svg, model.Steps, maxValue, StepY, lowerBottom, left, plotWidth, X, model.End, textColor);
        svg.Append($"<text x=\"{N(left - 8)}\" y=\"{N(lowerTop + LowerPanel / 2 + 4)}\" text-anchor=\"end\" fill=\"{textColor}\">{model.StepAxisTitle}</text>");

        // One small panel per watched resource, its name and kind above it.
        var panelYs = new Dictionary<string, Func<int, double>>(StringComparer.Ordinal);
        for (var i = 0; i < model.Panels.Count; i++)
        {
            var panel = model.Panels[i];
            var panelTop = lowerBottom + i * (ResourceGap + ResourcePanel) + ResourceGap;
            var panelBottom = panelTop + ResourcePanel;
            var panelMax = Math.Max(1, panel.Steps.SelectMany(s => s.Points).Select(p => p.Value)
                .Concat((model.PanelPoints ?? []).Where(p => p.Panel == panel.Name).Select(p => p.Value)).DefaultIfEmpty(0).Max());
            double PanelY(int value) => panelBottom - (value / (double)panelMax * (ResourcePanel - 6));
            panelYs.TryAdd(panel.Name, PanelY);
            svg.Append($"<g class=\"asynclab-resource-panel\"><text x=\"{N(left)}\" y=\"{N(panelTop - 7)}\" font-weight=\"bold\" fill=\"{textColor}\">{panel.Title}</text>");
            AppendPanel(svg, panel.Steps, panelMax, PanelY, panelBottom, left, plotWidth, X, model.End, textColor);
            svg.Append("</g>");
        }

        // Labelled diamonds in the lower panel (a learner's predicted peak).
        foreach (var point in model.PanelPoints ?? [])
        {
            var x = X(point.Time);
            var y = point.Panel is not null && panelYs.TryGetValue(point.Panel, out var panelY) ? panelY(point.Value) : StepY(point.Value);
            svg.Append($"<path class=\"asynclab-panel-point\" d=\"M{N(x)} {N(y - 6)}L{N(x + 6)} {N(y)}L{N(x)} {N(y + 6)}L{N(x - 6)} {N(y)}Z\" stroke=\"{point.Color}\" stroke-width=\"2\" fill=\"none\"><title>{point.Label}</title></path>");
            svg.Append($"<text x=\"{N(x + 9)}\" y=\"{N(y + 4)}\" fill=\"{point.Color}\" font-size=\"11\">{point.Label}</text>");
        }

        // Marks: dashed lines across both panels, labelled when there are few.
        foreach (var mark in model.Marks)
        {
            var x = X(mark.Time);
            svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(top - 4)}\" x2=\"{N(x)}\" y2=\"{N(axisY)}\" stroke=\"{mark.Color}\" stroke-width=\"1.5\" stroke-dasharray=\"{(mark.Dotted ? "2 3" : "6 4")}\"><title>{mark.Label}</title></line>");
            if (model.Marks.Count <= 30)
            {
                var nearRight = x > Width - RightPad - 120;
                svg.Append($"<text x=\"{N(nearRight ? x - 3 : x + 3)}\" y=\"{N(top - 6)}\" text-anchor=\"{(nearRight ? "end" : "start")}\" fill=\"{mark.Color}\" font-size=\"11\">{mark.Label}</text>");
            }
        }

        // Legend.
        foreach (var (name, color, kind, x, y) in legend)
        {
            svg.Append(kind switch
            {
                0 => $"<rect x=\"{N(x)}\" y=\"{N(y - 10)}\" width=\"14\" height=\"12\" fill=\"{color}\"/>",
                1 => $"<path d=\"M{N(x + 2)} {N(y - 9)}L{N(x + 12)} {N(y + 1)}M{N(x + 2)} {N(y + 1)}L{N(x + 12)} {N(y - 9)}\" stroke=\"{color}\" stroke-width=\"2\"/>",
                _ => $"<line x1=\"{N(x)}\" y1=\"{N(y - 4)}\" x2=\"{N(x + 14)}\" y2=\"{N(y - 4)}\" stroke=\"{color}\" stroke-width=\"2\"{Dash(kind == 4 ? StepDash.Dashed : StepDash.Default, kind == 3)}/>",
            });
            svg.Append($"<text x=\"{N(x + 19)}\" y=\"{N(y)}\" fill=\"{textColor}\">{name}</text>");
        }
        if (includeFooter && model.Footer is not null)
        {
            svg.Append($"<text x=\"{N(left)}\" y=\"{N(legendLineY + 26)}\" fill=\"{textColor}\">{model.Footer}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A panel of step lines: its base line, 0 and top labels, and one path per series.</summary>
    private static void AppendPanel(StringBuilder svg, IReadOnlyList<StepSeries> steps, int maxValue, Func<int, double> y, double bottom, double left, double plotWidth, Func<double, double> x, double end, string textColor)
    {
        svg.Append($"<line x1=\"{N(left)}\" y1=\"{N(bottom)}\" x2=\"{N(left + plotWidth)}\" y2=\"{N(bottom)}\" stroke=\"{textColor}\" stroke-opacity=\"0.5\"/>");
        svg.Append($"<text x=\"{N(left - 8)}\" y=\"{N(y(maxValue) + 4)}\" text-anchor=\"end\" fill=\"{textColor}\">{maxValue}</text>");
        svg.Append($"<text x=\"{N(left - 8)}\" y=\"{N(bottom)}\" text-anchor=\"end\" fill=\"{textColor}\">0</text>");
        foreach (var series in steps)
        {
            if (series.Points.Count == 0)
            {
                continue;
            }
            var d = new StringBuilder($"M{N(x(series.Points[0].Time.TotalSeconds))} {N(y(series.Points[0].Value))}");
            foreach (var point in series.Points.Skip(1))
            {
                d.Append($"H{N(x(point.Time.TotalSeconds))}V{N(y(point.Value))}");
            }
            d.Append($"H{N(x(end))}");
            svg.Append($"<path d=\"{d}\" stroke=\"{series.Color}\" stroke-width=\"2\" fill=\"none\"{Dash(series.Dash, series.Dotted)}><title>{series.Name}</title></path>");
        }
    }

    private static string Dash(StepDash dash, bool dotted) =>
        dash == StepDash.Dashed ? " stroke-dasharray=\"7 4\"" : dotted ? " stroke-dasharray=\"3 3\"" : string.Empty;

    private static void AppendBandPath(StringBuilder svg, BarSeries series, int rowsPerBand, Func<double, double> x, double top, double bandHeight)
    {
        var byBand = new SortedDictionary<int, List<(double Start, double End)>>();
        foreach (var bar in series.Bars)
        {
            var band = bar.Row / rowsPerBand;
            if (!byBand.TryGetValue(band, out var list))
            {
                byBand[band] = list = [];
            }
            list.Add((Math.Round(x(bar.Start)), Math.Max(Math.Round(x(bar.End)), Math.Round(x(bar.Start)) + 1)));
        }
        var d = new StringBuilder();
        foreach (var (band, intervals) in byBand)
        {
            intervals.Sort();
            var y = N(top + (band + 0.5) * bandHeight);
            var (start, end) = intervals[0];
            foreach (var (s, e) in intervals.Skip(1))
            {
                if (s <= end)
                {
                    end = Math.Max(end, e);
                    continue;
                }
                d.Append($"M{N(start)} {y}H{N(end)}");
                (start, end) = (s, e);
            }
            d.Append($"M{N(start)} {y}H{N(end)}");
        }
        if (d.Length > 0)
        {
            svg.Append($"<path d=\"{d}\" stroke=\"{series.Color}\" stroke-width=\"{N(Math.Max(1, bandHeight * 0.8))}\" fill=\"none\"><title>{series.Name}</title></path>");
        }
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough))
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * power >= rough)
            {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /// <summary>Plotly hover markup (already escaped) turned into a plain SVG tooltip.</summary>
    private static string Tooltip(string hover) =>
        hover.Replace("<br>", "\n", StringComparison.Ordinal)
             .Replace("<b>", string.Empty, StringComparison.Ordinal)
             .Replace("</b>", string.Empty, StringComparison.Ordinal);

    /// <summary>Shortens already-escaped text without cutting an entity in half.</summary>
    private static string Truncate(string escaped, int max)
    {
        if (escaped.Length <= max)
        {
            return escaped;
        }
        var cut = max;
        var amp = escaped.LastIndexOf('&', cut - 1);
        if (amp >= 0 && escaped.IndexOf(';', amp) >= cut)
        {
            cut = amp;
        }
        return escaped[..cut] + "…";
    }

    /// <summary>True when an escaped segment label, at 10 px, fits inside a bar <paramref name="width"/> pixels wide with a little room on each side.</summary>
    internal static bool LabelFits(string escaped, double width) => System.Net.WebUtility.HtmlDecode(escaped).Length * 6.0 + 8 <= width;

    /// <summary>Roughly how many characters an escaped label shows.</summary>
    private static int DisplayLength(string escaped) => Math.Min(System.Net.WebUtility.HtmlDecode(escaped).Length, 32);

    private static string N(double value) => Text.Number(value);
}
