using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>
/// Builds the Plotly.NET figure of a <see cref="RowChartModel"/> from Plotly.NET's low-level objects
/// (<see cref="Trace2D"/>, <see cref="Layout"/>), which map one to one onto plotly.js JSON.
/// </summary>
/// <remarks>
/// Two drawing modes keep the chart fast at any size:
/// up to <see cref="LargeRowThreshold"/> rows every state is a bar trace (one bar per segment, placed with
/// <c>base</c>), with hover text on every bar; above it every state is ONE scatter trace of line segments separated
/// by nulls (a single SVG path per state), the row axis becomes numeric with a sample of task names as ticks, and
/// hover shows the segment ends of a sample of rows. Drawing cost then grows with the length of a path, not with the
/// number of DOM elements, so 10,000 tasks draw about as fast as 100.
/// </remarks>
internal static class PlotlyFigure
{
    /// <summary>Above this many rows the chart switches from bars to one line path per state.</summary>
    public const int LargeRowThreshold = 300;

    /// <summary>In the large mode, at most this many rows get hover text.</summary>
    public const int LargeHoverRows = 400;

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
        foreach (var series in model.Bars)
        {
            traces.Add(large ? LineTrace(series, rowsHeight, model.Rows.Count) : BarTrace(series, model.Rows));
        }
        foreach (var series in model.Points)
        {
            traces.Add(PointTrace(series, model.Rows, large));
        }
        foreach (var series in model.Steps)
        {
            traces.Add(StepTrace(series, model.End));
        }
        if (model.Marks.Count > MaxLabelledMarks)
        {
            traces.Add(MarkTrace(model.Marks));
        }
        var chart = GenericChart.ofTraceObjects(false, traces);
        return GenericChart.setLayout(BuildLayout(model, large, rowsHeight), chart);
    }

    /// <summary>The total height in pixels of a chart with <paramref name="rows"/> rows.</summary>
    public static int Height(int rows) => TopMargin + RowsHeight(rows) + PanelGap + LowerPanel + BottomMargin;

    /// <summary>Rows get 28 px each up to a point, then share at most 700 px.</summary>
    private static int RowsHeight(int rows) => Math.Clamp(rows * 28, 84, 700);

    private const int MaxLabelledMarks = 30;

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
        trace.SetProperty("marker", Obj(("color", series.Color), ("line", Obj(("width", 0)))));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        if (count == 0)
        {
            trace.SetProperty("visible", "legendonly");
        }
        return trace;
    }

    private static Trace LineTrace(BarSeries series, int rowsHeight, int rowCount)
    {
        var trace = new Trace2D("scatter");
        var count = series.Bars.Count;
        var x = new double?[count * 3];
        var y = new double?[count * 3];
        var hover = new string?[count * 3];
        var hoverEvery = Math.Max(1, rowCount / LargeHoverRows);
        for (var i = 0; i < count; i++)
        {
            var bar = series.Bars[i];
            x[3 * i] = Round(bar.Start);
            x[3 * i + 1] = Round(bar.End);
            y[3 * i] = bar.Row;
            y[3 * i + 1] = bar.Row;
            if (bar.Row % hoverEvery == 0)
            {
                hover[3 * i] = bar.Hover;
                hover[3 * i + 1] = bar.Hover;
            }
        }
        trace.SetProperty("name", series.Name);
        trace.SetProperty("mode", "lines");
        trace.SetProperty("x", x);
        trace.SetProperty("y", y);
        trace.SetProperty("hovertext", hover);
        trace.SetProperty("hoverinfo", "text");
        trace.SetProperty("connectgaps", false);
        var width = Math.Clamp(0.7 * rowsHeight / rowCount, 1.0, 20.0);
        trace.SetProperty("line", Obj(("color", series.Color), ("width", Math.Round(width, 2))));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        if (count == 0)
        {
            trace.SetProperty("visible", "legendonly");
        }
        return trace;
    }

    private static Trace PointTrace(PointSeries series, IReadOnlyList<string> rows, bool large)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("name", series.Name);
        trace.SetProperty("mode", "markers");
        trace.SetProperty("x", series.Points.Select(p => Round(p.Time)).ToArray());
        trace.SetProperty("y", large ? series.Points.Select(p => (object)p.Row).ToArray() : series.Points.Select(p => (object)rows[p.Row]).ToArray());
        trace.SetProperty("hovertext", series.Points.Select(p => p.Hover).ToArray());
        trace.SetProperty("hoverinfo", "text");
        var size = large ? 6 : 12;
        trace.SetProperty("marker", Obj(("color", series.Color), ("symbol", series.Symbol), ("size", size), ("line", Obj(("color", series.Color), ("width", 2)))));
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y");
        return trace;
    }

    private static Trace StepTrace(StepSeries series, double end)
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
        trace.SetProperty("line", Obj(("color", series.Color), ("width", 2), ("shape", "hv"), ("dash", series.Dotted ? "dot" : "solid")));
        trace.SetProperty("hovertemplate", $"{series.Name}: %{{y}} from %{{x:.3f}} s<extra></extra>");
        trace.SetProperty("xaxis", "x");
        trace.SetProperty("yaxis", "y2");
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

    private static Layout BuildLayout(RowChartModel model, bool large, int rowsHeight)
    {
        var plotHeight = rowsHeight + PanelGap + LowerPanel;
        var lowerTop = (double)LowerPanel / plotHeight;
        var upperBottom = (double)(LowerPanel + PanelGap) / plotHeight;
        var end = model.End > 0 ? model.End : 1;
        var layout = new Layout();
        if (model.Title is not null)
        {
            layout.SetProperty("title", Obj(("text", model.Title), ("x", 0), ("xanchor", "left"), ("font", Obj(("size", 16)))));
        }
        layout.SetProperty("height", Height(model.Rows.Count));
        layout.SetProperty("autosize", true);
        layout.SetProperty("paper_bgcolor", "rgba(0,0,0,0)");
        layout.SetProperty("plot_bgcolor", "rgba(0,0,0,0)");
        layout.SetProperty("font", Obj(("family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"), ("size", 12), ("color", "#808080")));
        layout.SetProperty("margin", Obj(("t", TopMargin), ("b", BottomMargin), ("l", 10), ("r", 20)));
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("hovermode", "closest");
        layout.SetProperty("showlegend", true);
        layout.SetProperty("legend", Obj(
            ("orientation", "h"), ("x", 0), ("xanchor", "left"), ("y", -60.0 / plotHeight), ("yanchor", "top"),
            ("bgcolor", "rgba(0,0,0,0)")));
        layout.SetProperty("xaxis", Obj(
            ("title", Obj(("text", "time (s)"))), ("anchor", "y2"), ("range", new[] { 0, Round(end * 1.03) }),
            ("gridcolor", Palette.Grid), ("zeroline", false), ("showline", false), ("ticksuffix", " s"),
            ("showspikes", true), ("spikemode", "across"), ("spikethickness", 1), ("spikecolor", Palette.Grid)));
        var rowsAxis = Obj(
            ("domain", new[] { Round(upperBottom), 1.0 }), ("anchor", "x"), ("automargin", true),
            ("gridcolor", Palette.Grid), ("showgrid", false), ("zeroline", false));
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
        var maxStep = Math.Max(1, model.Steps.SelectMany(s => s.Points).Select(p => p.Value).DefaultIfEmpty(0).Max());
        layout.SetProperty("yaxis2", Obj(
            ("domain", new[] { 0.0, Round(lowerTop) }), ("anchor", "x"), ("range", new[] { 0, maxStep * 1.15 }),
            ("automargin", true), ("title", Obj(("text", model.StepAxisTitle))), ("gridcolor", Palette.Grid),
            ("zeroline", false), ("dtick", Math.Max(1, (int)Math.Ceiling(maxStep / 4.0))), ("fixedrange", true)));
        if (model.Marks.Count > MaxLabelledMarks)
        {
            layout.SetProperty("yaxis3", Obj(("domain", new[] { 0.0, 1.0 }), ("overlaying", "y"), ("range", new[] { 0, 1 }), ("visible", false), ("fixedrange", true)));
        }
        else
        {
            var shapes = new List<DynamicObj.DynamicObj>();
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
            layout.SetProperty("annotations", annotations);
        }
        return layout;
    }

    private static double Round(double seconds) => Math.Round(seconds, 6);

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
