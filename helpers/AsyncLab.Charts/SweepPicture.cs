using System.Text;

namespace AsyncLab.Charts;

/// <summary>
/// Static SVG pictures of a sweep: the three curves (makespan, throughput, peak waiting against the parameter), and
/// small multiples, one mini timeline per value, all on one time scale so the eye compares their lengths.
/// </summary>
internal static class SweepPicture
{
    private const double Width = 900;
    private const double Left = 110;
    private const double Right = 24;
    private const double PanelHeight = 90;
    private const double PanelGap = 26;

    /// <summary>The three curves, stacked, with the parameter's values as ticks and the "enough" line.</summary>
    public static string Curves(SweepResult sweep, string? title, string textColor)
    {
        var top = title is null ? 20.0 : 44.0;
        var height = top + SweepFigure.Curves.Length * (PanelHeight + PanelGap) + 30;
        var min = sweep.Points.Min(p => p.Value);
        var max = sweep.Points.Max(p => p.Value);
        var span = max > min ? max - min : 1;
        var plotWidth = Width - Left - Right - 20;
        double X(double value) => Left + 10 + (max > min ? (value - min) / span * plotWidth : plotWidth / 2);
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"asynclab-svg asynclab-sweep-curve\" role=\"img\" viewBox=\"0 0 {N(Width)} {N(height)}\" width=\"{N(Width)}\" height=\"{N(height)}\" style=\"max-width:100%;height:auto\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">");
        svg.Append($"<title>{Text.Escape(title ?? "sweep")}</title>");
        if (title is not null)
        {
            svg.Append($"<text x=\"{N(Left)}\" y=\"22\" font-size=\"16\" fill=\"{textColor}\">{Text.Escape(title)}</text>");
        }
        var enough = sweep.Enough();
        var bottom = top + SweepFigure.Curves.Length * (PanelHeight + PanelGap) - PanelGap;
        svg.Append($"<line x1=\"{N(X(enough.Value))}\" y1=\"{N(top - 6)}\" x2=\"{N(X(enough.Value))}\" y2=\"{N(bottom)}\" stroke=\"{Palette.Ideal}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
        svg.Append($"<text x=\"{N(X(enough.Value) + 4)}\" y=\"{N(top - 8)}\" fill=\"{Palette.Ideal}\" font-size=\"11\">{Text.Escape($"enough: {sweep.Describe(enough)}")}</text>");
        for (var c = 0; c < SweepFigure.Curves.Length; c++)
        {
            var (name, unit, color, read) = SweepFigure.Curves[c];
            var panelTop = top + c * (PanelHeight + PanelGap);
            var panelBottom = panelTop + PanelHeight;
            var highest = Math.Max(sweep.Points.Max(read), 1e-9) * 1.1;
            double Y(double value) => panelBottom - value / highest * PanelHeight;
            svg.Append($"<line x1=\"{N(Left)}\" y1=\"{N(panelBottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(panelBottom)}\" stroke=\"{textColor}\" stroke-opacity=\"0.5\"/>");
            svg.Append($"<text x=\"{N(Left - 8)}\" y=\"{N(panelTop + PanelHeight / 2)}\" text-anchor=\"end\" fill=\"{textColor}\">{name}</text>");
            svg.Append($"<text x=\"{N(Left - 8)}\" y=\"{N(panelTop + PanelHeight / 2 + 14)}\" text-anchor=\"end\" fill=\"{textColor}\">({unit})</text>");
            var path = string.Join("L", sweep.Points.OrderBy(p => p.Value).Select(p => $"{N(X(p.Value))} {N(Y(read(p)))}"));
            svg.Append($"<path class=\"asynclab-sweep-line\" d=\"M{path}\" stroke=\"{color}\" stroke-width=\"2\" fill=\"none\"><title>{name}</title></path>");
            foreach (var point in sweep.Points)
            {
                svg.Append($"<circle cx=\"{N(X(point.Value))}\" cy=\"{N(Y(read(point)))}\" r=\"3.5\" fill=\"{color}\"><title>{SweepFigure.Hover(sweep, point)}</title></circle>");
            }
        }
        foreach (var point in sweep.Points)
        {
            svg.Append($"<text x=\"{N(X(point.Value))}\" y=\"{N(bottom + 16)}\" text-anchor=\"middle\" fill=\"{textColor}\">{Text.Escape(point.Label)}</text>");
        }
        svg.Append($"<text x=\"{N(Left + 10 + plotWidth / 2)}\" y=\"{N(bottom + 32)}\" text-anchor=\"middle\" fill=\"{textColor}\">{Text.Escape(sweep.Parameter)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// One mini timeline per value, four to a line, on one shared time scale: a thin row per task, pale where it waited,
    /// solid where it was in progress; each headed by its value and makespan.
    /// </summary>
    public static string SmallMultiples(SweepResult sweep, string textColor)
    {
        const int Columns = 4;
        const double CellWidth = Width / Columns;
        const double Pad = 10;
        var scale = Math.Max(1e-9, sweep.Points.Max(p => p.Timeline.Tasks.Count == 0 ? 0 : p.Timeline.Tasks.Max(t => t.End).TotalSeconds));
        var rows = Math.Max(1, sweep.Points.Max(p => p.Timeline.Tasks.Count));
        var rowHeight = Math.Clamp(80.0 / rows, 1.5, 8);
        var cellHeight = 22 + rows * rowHeight + 12;
        var lines = (sweep.Points.Count + Columns - 1) / Columns;
        var height = lines * cellHeight + 6;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"asynclab-svg asynclab-small-multiples\" role=\"img\" viewBox=\"0 0 {N(Width)} {N(height)}\" width=\"{N(Width)}\" height=\"{N(height)}\" style=\"max-width:100%;height:auto\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"11\">");
        svg.Append("<title>one timeline per value, on one time scale</title>");
        for (var i = 0; i < sweep.Points.Count; i++)
        {
            var point = sweep.Points[i];
            var x0 = (i % Columns) * CellWidth + Pad;
            var y0 = (i / Columns) * cellHeight + 4;
            var width = CellWidth - 2 * Pad;
            double X(TimeSpan t) => x0 + t.TotalSeconds / scale * width;
            svg.Append($"<g class=\"asynclab-mini\"><text x=\"{N(x0)}\" y=\"{N(y0 + 12)}\" fill=\"{textColor}\">{Text.Escape($"{sweep.Describe(point)} · {point.Makespan.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} s")}</text>");
            // The frame carries the run's figures as its hover: a reader pointing at an empty part of a mini still learns its figures.
            svg.Append($"<rect x=\"{N(x0)}\" y=\"{N(y0 + 18)}\" width=\"{N(width)}\" height=\"{N(rows * rowHeight + 4)}\" fill=\"transparent\" stroke=\"{Palette.Grid}\"><title>{Text.Escape($"{sweep.Describe(point)}: makespan {Seconds(point.Makespan)} s, at most {point.Timeline.PeakConcurrency} in progress")}</title></rect>");
            for (var row = 0; row < point.Timeline.Tasks.Count; row++)
            {
                var task = point.Timeline.Tasks[row];
                var y = y0 + 20 + row * rowHeight;
                foreach (var segment in task.Segments)
                {
                    var color = segment.Kind == SegmentKind.Waiting ? Palette.Waiting : Palette.InProgress;
                    var state = segment.Kind == SegmentKind.Waiting ? "waiting" : "in progress";
                    var hover = $"{task.Name}: {state} {Seconds(segment.Start)}–{Seconds(segment.End)} s ({sweep.Describe(point)})";
                    svg.Append($"<rect x=\"{N(X(segment.Start))}\" y=\"{N(y)}\" width=\"{N(Math.Max(0.5, X(segment.End) - X(segment.Start)))}\" height=\"{N(Math.Max(1, rowHeight * 0.8))}\" fill=\"{color}\"><title>{Text.Escape(hover)}</title></rect>");
                }
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string N(double value) => Text.Number(value);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
