using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>
/// Builds the Plotly.NET figure of a <see cref="RowChartModel"/> from Plotly.NET's low-level objects
/// (<see cref="Trace2D"/>, <see cref="Layout"/>), which map one to one onto plotly.js JSON.
/// </summary>
/// <remarks>
/// Two drawing modes keep the chart fast at any size:
/// up to <see cref="LargeRowThreshold"/> rows every state is a bar trace (one bar per segment, placed with
/// <c>base</c>), with hover text on every bar. Above it every state is ONE layout shape of type path (a single SVG
/// path element per state, <c>M start,row H end</c> per piece), rows that share a pixel row are drawn as one band
/// with their intervals merged, the row axis becomes numeric with a sample of task names as ticks, and hover comes
/// from an invisible line through the segment midpoints of a sample of rows. A scatter line with nulls looks like the
/// obvious choice, but plotly.js draws each null-separated piece as its own path element, which is slow at 10,000
/// pieces. Drawing cost then stays close to that of a small chart: 10,000 tasks draw within 1.5× the time of 100.
/// </remarks>
internal static class PlotlyFigure
{
    /// <summary>Above this many rows the chart switches from bars to one line path per state.</summary>
    public const int LargeRowThreshold = 300;

    /// <summary>In the large mode, at most this many rows get hover text.</summary>
    public const int LargeHoverRows = 250;

    private const int TopMargin = 60;
    private const int BottomMargin = 100;
    private const int PanelGap = 45;
    private const int LowerPanel = 140;

    /// <summary>The figure as a Plotly.NET chart.</summary>
    public static GenericChart Build(RowChartModel model)
    {
        var large = model.Rows.Count > LargeRowThreshold;
        var rowsHeight = RowsHeight(model.Rows.Count);
        var traces = new List<Trace>();
        var paths = new List<DynamicObj.DynamicObj>();
        var rowCount = model.Rows.Count;
        foreach (var series in model.Bars.Where(b => b.Bars.Count > 0))
        {
            if (large)
            {
                if (series.Bars.Count > 0)
                {
                    paths.Add(PathShape(series.Color, BandWidth(rowsHeight, rowCount), BandPieces(series.Bars, rowCount, rowsHeight, model.End)));
                }
                traces.Add(LegendTrace(series.Name, series.Color, series.Bars.Count == 0));
                traces.Add(HoverTrace(series.Name, series.Color, series.Bars.Select(b => new RowPoint(b.Row, (b.Start + b.End) / 2, b.Hover)), rowCount));
            }
            else
            {
                traces.Add(BarTrace(series, model.Rows));
            }
        }
        foreach (var series in model.Points)
        {
            if (large)
            {
                var half = Math.Max(0.5, rowCount / 300.0);
                var pixel = Math.Max(model.End, 1e-6) / PlotWidthGuess;
                var ticks = series.Points.Select(p => (Row: RowsPerBand(rowCount, rowsHeight) * (p.Row / RowsPerBand(rowCount, rowsHeight)), Time: Math.Round(p.Time / pixel) * pixel)).Distinct();
                paths.Add(PathShape(series.Color, 2, ticks.Select(p => $"M{X(p.Time)},{X(p.Row - half)}V{X(p.Row + half)}")));
                traces.Add(LegendTrace(series.Name, series.Color, false));
                traces.Add(HoverTrace(series.Name, series.Color, series.Points, rowCount));
            }
            else
            {
                traces.Add(PointTrace(series, model.Rows));
            }
        }
        foreach (var series in model.Steps)
        {
            traces.Add(StepTrace(series, model.End, "y2"));
        }
        for (var i = 0; i < model.Panels.Count; i++)
        {
            foreach (var series in model.Panels[i].Steps)
            {
                traces.Add(StepTrace(series, model.End, PanelAxis(i)));
            }
        }
        if (model.Marks.Count > MaxLabelledMarks)
        {
            traces.Add(MarkTrace(model.Marks));
        }
        foreach (var group in (model.PanelPoints ?? []).GroupBy(p => p.Panel))
        {
            var panel = group.Key is null ? -1 : model.Panels.ToList().FindIndex(p => p.Name == group.Key);
            traces.Add(PanelPointTrace([.. group], panel < 0 ? "y2" : PanelAxis(panel)));
        }
        var chart = GenericChart.ofTraceObjects(false, traces);
        return GenericChart.setLayout(BuildLayout(model, large, rowsHeight, paths), chart);
    }

    /// <summary>The total height in pixels of a chart with <paramref name="rows"/> rows and <paramref name="panels"/> resource panels.</summary>
    public static int Height(int rows, int panels) => TopMargin + RowsHeight(rows) + PanelGap + LowerPanel + panels * (ResourceGap + ResourcePanel) + BottomMargin;

    /// <summary>The y axis of resource panel <paramref name="index"/> ("y4", "y5", …; y3 carries the marks).</summary>
    private static string PanelAxis(int index) => $"y{index + 4}";

    /// <summary>Height of one resource panel, and the gap above it that holds its title.</summary>
    private const int ResourcePanel = 70;
    private const int ResourceGap = 34;

    /// <summary>Rows get 28 px each up to a point, then share at most 700 px.</summary>
    private static int RowsHeight(int rows) => Math.Clamp(rows * 28, 84, 700);

    private const int MaxLabelledMarks = 30;

    /// <summary>The width in pixels of the white edge around each bar.</summary>
    private const double SegmentEdgeWidth = 1;

    /// <summary>The font size of a segment label inside its bar; a label that does not fit at this size is hidden.</summary>
    private const int SegmentLabelSize = 10;

    private static Trace BarTrace(BarSeries series, IReadOnlyList<string> rows)
    {
        var trace = new Trace2D("bar");
        var count = series.Bars.Count;
        var y = new string[count];
        var x = new double[count];
        var bases = new double[count];
        var hover = new string[count];
        for (var i = 0; i < count; i++)
        {
            var bar = series.Bars[i];
            y[i] = rows[bar.Row];
            bases[i] = Round(bar.Start);
            x[i] = Round(bar.End - bar.Start);
            hover[i] = bar.Hover;
        }
        trace.SetProperty("name", series.Name);
        trace.SetProperty("orientation", "h");
        trace.SetProperty("y", y);
        trace.SetProperty("x", x);
        trace.SetProperty("base", bases);
        trace.SetProperty("hovertext", hover);
        trace.SetProperty("hoverinfo", "text");
        trace.SetProperty("width", 0.7);
        // A thin white edge shows where one segment ends and the next begins on the same row.
        trace.SetProperty("marker", Obj(("color", series.Color), ("line", Obj(("color", Palette.SegmentEdge), ("width", SegmentEdgeWidth)))));
        if (series.Bars.Any(b => b.Label is not null))
        {
            // Each segment's label inside its bar; layout.uniformtext hides a label that does not fit (the hover still has it).
            trace.SetProperty("text", series.Bars.Select(b => b.Label ?? string.Empty).ToArray());
            trace.SetProperty("textposition", "inside");
            trace.SetProperty("insidetextanchor", "middle");
            trace.SetProperty("textangle", 0);
            trace.SetProperty("textfont", Obj(("color", Palette.LabelOn(series.Color)), ("size", SegmentLabelSize)));
        }
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        if (count == 0)
        {
            trace.SetProperty("visible", "legendonly");
        }
        return trace;
    }

    /// <summary>
    /// Many segments of one state as ONE layout shape: an SVG path in data coordinates (<c>M start,row H end</c> per
    /// segment). plotly.js draws a null-separated scatter line as one path element per piece, which is slow at 10,000
    /// pieces; a path shape is a single element whatever its length.
    /// </summary>
    private static DynamicObj.DynamicObj PathShape(string color, double width, IEnumerable<string> pieces) => Obj(
        ("type", "path"), ("xref", "x"), ("yref", "y"), ("layer", "above"), ("path", string.Concat(pieces)),
        ("line", Obj(("color", color), ("width", Math.Round(width, 2)))));

    /// <summary>About how wide the plot area is in pixels; merging closer than half a pixel of it loses nothing.</summary>
    private const double PlotWidthGuess = 800;

    /// <summary>How many rows share one band: as many as share one pixel row of the chart, at least one.</summary>
    private static int RowsPerBand(int rowCount, int rowsHeight) => Math.Max(1, (int)Math.Ceiling(rowCount / (double)rowsHeight));

    /// <summary>The stroke width of a band, in pixels.</summary>
    private static double BandWidth(int rowsHeight, int rowCount) =>
        Math.Clamp(rowsHeight * RowsPerBand(rowCount, rowsHeight) / (double)rowCount, 1.0, 20.0);

    /// <summary>
    /// The path pieces of one state: rows that share a pixel row form a band, and within a band intervals that touch
    /// or lie closer than half a pixel merge, so the path stays short (about bands × pieces per band) however many
    /// tasks there are. At 10,000 tasks in 700 px a band holds 15 tasks; zooming in shows bands, not single tasks.
    /// </summary>
    private static IEnumerable<string> BandPieces(IReadOnlyList<RowBar> bars, int rowCount, int rowsHeight, double end)
    {
        var perBand = RowsPerBand(rowCount, rowsHeight);
        var tolerance = Math.Max(end, 1e-6) / PlotWidthGuess / 2;
        foreach (var band in bars.GroupBy(b => b.Row / perBand).OrderBy(g => g.Key))
        {
            var y = X(band.Key * perBand + (Math.Min(perBand, rowCount - band.Key * perBand) - 1) / 2.0);
            var intervals = band.Select(b => (b.Start, End: Math.Max(b.End, b.Start + tolerance))).OrderBy(i => i.Start).ToList();
            var (start, stop) = intervals[0];
            foreach (var (s, e) in intervals.Skip(1))
            {
                if (s <= stop + tolerance)
                {
                    stop = Math.Max(stop, e);
                    continue;
                }
                yield return $"M{X(start)},{y}H{X(stop)}";
                (start, stop) = (s, e);
            }
            yield return $"M{X(start)},{y}H{X(stop)}";
        }
    }

    /// <summary>An empty trace that only gives a path shape its legend entry.</summary>
    private static Trace LegendTrace(string name, string color, bool empty)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("name", name);
        trace.SetProperty("mode", "lines");
        trace.SetProperty("x", new double?[] { null });
        trace.SetProperty("y", new double?[] { null });
        trace.SetProperty("line", Obj(("color", color), ("width", 8)));
        trace.SetProperty("hoverinfo", "skip");
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        if (empty)
        {
            trace.SetProperty("visible", "legendonly");
        }
        return trace;
    }

    /// <summary>
    /// Hover for the large mode: an invisible line (one path, no gaps) through the midpoints of the segments of a
    /// sample of rows (every k-th row, at most <see cref="LargeHoverRows"/> rows), each point carrying its hover text.
    /// </summary>
    private static Trace HoverTrace(string name, string color, IEnumerable<RowPoint> points, int rowCount)
    {
        var every = Math.Max(1, (int)Math.Ceiling(rowCount / (double)LargeHoverRows));
        var sample = points.Where(p => p.Row % every == 0).ToArray();
        var trace = new Trace2D("scatter");
        trace.SetProperty("name", name);
        trace.SetProperty("showlegend", false);
        trace.SetProperty("mode", "lines");
        trace.SetProperty("x", sample.Select(p => Round(p.Time)).ToArray());
        trace.SetProperty("y", sample.Select(p => p.Row).ToArray());
        trace.SetProperty("hovertext", sample.Select(p => p.Hover).ToArray());
        trace.SetProperty("hoverinfo", "text");
        trace.SetProperty("line", Obj(("color", color), ("width", 0)));
        trace.SetProperty("opacity", 0);
        trace.SetProperty("hoverlabel", Obj(("bgcolor", color)));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        return trace;
    }

    private static Trace PointTrace(PointSeries series, IReadOnlyList<string> rows)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("name", series.Name);
        trace.SetProperty("mode", "markers");
        trace.SetProperty("x", series.Points.Select(p => Round(p.Time)).ToArray());
        trace.SetProperty("y", series.Points.Select(p => rows[p.Row]).ToArray());
        trace.SetProperty("hovertext", series.Points.Select(p => p.Hover).ToArray());
        trace.SetProperty("hoverinfo", "text");
        trace.SetProperty("marker", Obj(("color", series.Color), ("symbol", series.Symbol), ("size", 12), ("line", Obj(("color", series.Color), ("width", 2)))));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        return trace;
    }

    private static Trace StepTrace(StepSeries series, double end, string axis)
    {
        var trace = new Trace2D("scatter");
        var x = new List<double>(series.Points.Count + 1);
        var y = new List<int>(series.Points.Count + 1);
        foreach (var point in series.Points)
        {
            x.Add(Round(point.Time.TotalSeconds));
            y.Add(point.Value);
        }
        if (x.Count > 0 && x[^1] < end)
        {
            x.Add(Round(end));
            y.Add(y[^1]);
        }
        trace.SetProperty("name", series.Name);
        trace.SetProperty("mode", "lines");
        trace.SetProperty("x", x);
        trace.SetProperty("y", y);
        trace.SetProperty("line", Obj(("color", series.Color), ("width", 2), ("shape", "hv"), ("dash", series.Dash == StepDash.Dashed ? "dash" : series.Dotted ? "dot" : "solid")));
        trace.SetProperty("hovertemplate", $"{series.Name}: %{{y}} from %{{x:.3f}} s<extra></extra>");
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", axis);
        return trace;
    }

    /// <summary>Labelled diamonds in the lower panel, such as a learner's predicted peak.</summary>
    private static Trace PanelPointTrace(IReadOnlyList<PanelPoint> points, string axis)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("name", points[0].Label);
        trace.SetProperty("mode", "markers+text");
        trace.SetProperty("x", points.Select(p => Round(p.Time)).ToArray());
        trace.SetProperty("y", points.Select(p => p.Value).ToArray());
        trace.SetProperty("text", points.Select(p => p.Label).ToArray());
        trace.SetProperty("textposition", "middle right");
        trace.SetProperty("textfont", Obj(("color", points[0].Color), ("size", 11)));
        trace.SetProperty("hovertext", points.Select(p => p.Label).ToArray());
        trace.SetProperty("hoverinfo", "text");
        trace.SetProperty("marker", Obj(("color", "rgba(0,0,0,0)"), ("symbol", "diamond-open"), ("size", 13), ("line", Obj(("color", points[0].Color), ("width", 2)))));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", axis);
        return trace;
    }

    private static Trace MarkTrace(IReadOnlyList<TimeMark> marks)
    {
        var trace = new Trace2D("scatter");
        var x = new List<double?>();
        var y = new List<double?>();
        var hover = new List<string?>();
        foreach (var mark in marks)
        {
            x.AddRange([Round(mark.Time), Round(mark.Time), null]);
            y.AddRange([0, 1, null]);
            hover.AddRange([mark.Label, mark.Label, null]);
        }
        trace.SetProperty("name", "marks");
        trace.SetProperty("mode", "lines");
        trace.SetProperty("x", x);
        trace.SetProperty("y", y);
        trace.SetProperty("hovertext", hover);
        trace.SetProperty("hoverinfo", "text");
        trace.SetProperty("line", Obj(("color", Palette.Mark), ("width", 1), ("dash", "dash")));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y3");
        return trace;
    }

    private static Layout BuildLayout(RowChartModel model, bool large, int rowsHeight, List<DynamicObj.DynamicObj> shapes)
    {
        // Pixels from the top of the plot area: rows, gap, concurrency panel, then each resource panel under its title.
        var panels = model.Panels.Count;
        var plotHeight = rowsHeight + PanelGap + LowerPanel + panels * (ResourceGap + ResourcePanel);
        double Fraction(double pixelsFromTop) => 1 - pixelsFromTop / plotHeight;
        var upperBottom = Fraction(rowsHeight);
        var lowerTop = Fraction(rowsHeight + PanelGap);
        var lowerBottom = Fraction(rowsHeight + PanelGap + LowerPanel);
        var end = model.End > 0 ? model.End : 1;
        var layout = new Layout();
        if (model.Title is not null)
        {
            layout.SetProperty("title", Obj(("text", model.Title), ("x", 0), ("xanchor", "left"), ("font", Obj(("size", 16)))));
        }
        layout.SetProperty("height", Height(model.Rows.Count, panels));
        layout.SetProperty("autosize", true);
        layout.SetProperty("paper_bgcolor", "rgba(0,0,0,0)");
        layout.SetProperty("plot_bgcolor", "rgba(0,0,0,0)");
        layout.SetProperty("font", Obj(("family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"), ("size", 12), ("color", "#808080")));
        layout.SetProperty("margin", Obj(("t", TopMargin), ("b", BottomMargin), ("l", 10), ("r", 20)));
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("modebar", Obj(("bgcolor", "rgba(0,0,0,0)"), ("color", "#999999"), ("activecolor", Palette.InProgress)));
        layout.SetProperty("hovermode", "closest");
        layout.SetProperty("uniformtext", Obj(("mode", "hide"), ("minsize", SegmentLabelSize)));
        layout.SetProperty("showlegend", true);
        layout.SetProperty("legend", Obj(
            ("orientation", "h"), ("x", 0), ("xanchor", "left"), ("y", -60.0 / plotHeight), ("yanchor", "top"),
            ("bgcolor", "rgba(0,0,0,0)")));
        layout.SetProperty("xaxis", Obj(
            ("title", Obj(("text", "time (s)"))), ("anchor", panels == 0 ? "y2" : PanelAxis(panels - 1)), ("range", new[] { 0, Round(end * 1.03) }),
            ("gridcolor", Palette.Grid), ("zeroline", false), ("showline", false), ("ticksuffix", " s"),
            ("showspikes", true), ("spikemode", "across"), ("spikethickness", 1), ("spikecolor", Palette.Grid)));
        var rowsAxis = Obj(
            ("domain", new[] { Round(upperBottom), 1.0 }), ("anchor", "x"), ("automargin", true),
            ("gridcolor", Palette.Grid), ("showgrid", false), ("zeroline", false),
            ("ticks", "outside"), ("ticklen", 6), ("tickcolor", "rgba(0,0,0,0)"));
        if (large)
        {
            rowsAxis.SetProperty("title", Obj(("text", model.RowAxisTitle)));
        }
        if (large)
        {
            var rowCount = model.Rows.Count;
            var step = Math.Max(1, (int)Math.Ceiling(rowCount / 25.0));
            var ticks = Enumerable.Range(0, (rowCount + step - 1) / step).Select(i => i * step).ToArray();
            rowsAxis.SetProperty("type", "linear");
            rowsAxis.SetProperty("range", new[] { rowCount - 0.5, -0.5 });
            rowsAxis.SetProperty("tickvals", ticks);
            rowsAxis.SetProperty("ticktext", ticks.Select(i => model.Rows[i]).ToArray());
        }
        else
        {
            rowsAxis.SetProperty("type", "category");
            rowsAxis.SetProperty("categoryorder", "array");
            rowsAxis.SetProperty("categoryarray", model.Rows.ToArray());
            rowsAxis.SetProperty("autorange", "reversed");
            rowsAxis.SetProperty("range", new[] { model.Rows.Count - 0.5, -0.5 });
        }
        layout.SetProperty("yaxis", rowsAxis);
        var maxStep = Math.Max(1, model.Steps.SelectMany(s => s.Points).Select(p => p.Value).Concat((model.PanelPoints ?? []).Where(p => p.Panel is null).Select(p => p.Value)).DefaultIfEmpty(0).Max());
        layout.SetProperty("yaxis2", Obj(
            ("domain", new[] { Round(lowerBottom), Round(lowerTop) }), ("anchor", "x"), ("range", new[] { -maxStep * 0.06, maxStep * 1.15 }),
            ("automargin", true), ("title", Obj(("text", model.StepAxisTitle))), ("gridcolor", Palette.Grid),
            ("zeroline", false), ("dtick", NiceCount(maxStep / 4.0)), ("fixedrange", true)));
        var panelTitles = new List<DynamicObj.DynamicObj>();
        for (var i = 0; i < panels; i++)
        {
            var panel = model.Panels[i];
            var top = Fraction(rowsHeight + PanelGap + LowerPanel + i * (ResourceGap + ResourcePanel) + ResourceGap);
            var bottom = Fraction(rowsHeight + PanelGap + LowerPanel + (i + 1) * (ResourceGap + ResourcePanel));
            var maxValue = Math.Max(1, panel.Steps.SelectMany(s => s.Points).Select(p => p.Value)
                .Concat((model.PanelPoints ?? []).Where(p => p.Panel == panel.Name).Select(p => p.Value)).DefaultIfEmpty(0).Max());
            layout.SetProperty($"yaxis{i + 4}", Obj(
                ("domain", new[] { Math.Max(0, Round(bottom)), Round(top) }), ("anchor", "x"), ("range", new[] { -maxValue * 0.08, maxValue * 1.2 }),
                ("automargin", true), ("gridcolor", Palette.Grid), ("zeroline", false), ("dtick", NiceCount(maxValue / 2.0)), ("fixedrange", true)));
            panelTitles.Add(Obj(
                ("xref", "paper"), ("yref", "paper"), ("x", 0), ("y", Round(top)), ("xanchor", "left"), ("yanchor", "bottom"),
                ("text", $"<b>{panel.Title}</b>"), ("showarrow", false), ("font", Obj(("size", 12))),
                ("name", "resource panel")));
        }
        if (model.Marks.Count > MaxLabelledMarks)
        {
            layout.SetProperty("yaxis3", Obj(("domain", new[] { 0.0, 1.0 }), ("overlaying", "y"), ("range", new[] { 0, 1 }), ("visible", false), ("fixedrange", true)));
            layout.SetProperty("shapes", shapes);
            layout.SetProperty("annotations", panelTitles);
        }
        else
        {
            var annotations = new List<DynamicObj.DynamicObj>();
            foreach (var mark in model.Marks)
            {
                shapes.Add(Obj(
                    ("type", "line"), ("xref", "x"), ("yref", "paper"), ("x0", Round(mark.Time)), ("x1", Round(mark.Time)),
                    ("y0", 0), ("y1", 1), ("line", Obj(("color", mark.Color), ("width", 1.5), ("dash", mark.Dotted ? "dot" : "dash")))));
                annotations.Add(Obj(
                    ("xref", "x"), ("yref", "paper"), ("x", Round(mark.Time)), ("y", 1), ("yanchor", "bottom"),
                    ("text", mark.Label), ("showarrow", false), ("font", Obj(("color", mark.Color), ("size", 11)))));
            }
            layout.SetProperty("shapes", shapes);
            layout.SetProperty("annotations", annotations.Concat(panelTitles).ToList());
        }
        return layout;
    }

    private static double Round(double seconds) => Math.Round(seconds, 6);

    /// <summary>A whole tick step of 1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static int NiceCount(double rough)
    {
        var step = 1;
        while (true)
        {
            foreach (var factor in new[] { 1, 2, 5 })
            {
                if (factor * step >= rough)
                {
                    return factor * step;
                }
            }
            step *= 10;
        }
    }

    private static string X(double value) => Round(value).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);

    private static DynamicObj.DynamicObj Obj(params (string Name, object Value)[] properties)
    {
        var obj = new DynamicObj.DynamicObj();
        foreach (var (name, value) in properties)
        {
            obj.SetProperty(name, value);
        }
        return obj;
    }
}
