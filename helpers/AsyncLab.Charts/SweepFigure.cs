using System.Globalization;
using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>
/// The curve of a <see cref="SweepResult"/> as a Plotly figure: three panels over the parameter, makespan on top, then
/// throughput, then peak waiting, and a dashed line at the value that is enough (within 5% of the best makespan).
/// </summary>
internal static class SweepFigure
{
    /// <summary>The three curves: name, unit, colour and how to read each point.</summary>
    public static readonly (string Name, string Unit, string Color, Func<SweepPoint, double> Read)[] Curves =
    [
        ("makespan", "s", Palette.InProgress, p => p.Makespan.TotalSeconds),
        ("throughput", "tasks/s", Palette.Concurrency, p => p.Throughput),
        ("peak waiting", "tasks", Palette.Queues[0], p => p.PeakWaiting),
    ];

    public static GenericChart Build(SweepResult sweep, string? title)
    {
        var traces = new List<Trace>();
        var parameter = Text.Escape(sweep.Parameter);
        for (var i = 0; i < Curves.Length; i++)
        {
            var (name, unit, color, read) = Curves[i];
            var trace = new Trace2D("scatter");
            trace.SetProperty("name", name);
            trace.SetProperty("mode", "lines+markers");
            trace.SetProperty("x", sweep.Points.Select(p => p.Value).ToArray());
            trace.SetProperty("y", sweep.Points.Select(p => Math.Round(read(p), 6)).ToArray());
            trace.SetProperty("hovertext", sweep.Points.Select(p => Hover(sweep, p)).ToArray());
            trace.SetProperty("hoverinfo", "text");
            trace.SetProperty("line", Obj(("color", color), ("width", 2)));
            trace.SetProperty("marker", Obj(("color", color), ("size", 8)));
            trace.SetProperty("xaxis", "x");
            trace.SetProperty("yaxis", i == 0 ? "y" : $"y{i + 1}");
            traces.Add(trace);
        }
        var layout = new Layout();
        var chartTitle = title ?? sweep.Title;
        if (chartTitle is not null)
        {
            layout.SetProperty("title", Obj(("text", Text.Escape(chartTitle)), ("x", 0), ("xanchor", "left"), ("font", Obj(("size", 16)))));
        }
        layout.SetProperty("height", 520);
        layout.SetProperty("autosize", true);
        layout.SetProperty("paper_bgcolor", "rgba(0,0,0,0)");
        layout.SetProperty("plot_bgcolor", "rgba(0,0,0,0)");
        layout.SetProperty("font", Obj(("family", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"), ("size", 12), ("color", "#808080")));
        layout.SetProperty("margin", Obj(("t", 60), ("b", 60), ("l", 10), ("r", 20)));
        layout.SetProperty("hovermode", "closest");
        layout.SetProperty("showlegend", false);
        layout.SetProperty("xaxis", Obj(
            ("title", Obj(("text", parameter))), ("anchor", "y3"), ("gridcolor", Palette.Grid), ("zeroline", false),
            ("tickvals", sweep.Points.Select(p => p.Value).ToArray()), ("ticktext", sweep.Points.Select(p => Text.Escape(p.Label)).ToArray())));
        double[][] domains = [[0.70, 1.0], [0.36, 0.64], [0.0, 0.30]];
        for (var i = 0; i < Curves.Length; i++)
        {
            var (name, unit, _, read) = Curves[i];
            var max = sweep.Points.Max(read);
            layout.SetProperty(i == 0 ? "yaxis" : $"yaxis{i + 1}", Obj(
                ("domain", domains[i]), ("anchor", "x"), ("automargin", true), ("rangemode", "tozero"),
                ("range", new[] { 0, Math.Round(Math.Max(max, 1e-6) * 1.15, 6) }),
                ("title", Obj(("text", $"{name} ({unit})"))), ("gridcolor", Palette.Grid), ("zeroline", false), ("fixedrange", true)));
        }
        var enough = sweep.Enough();
        var label = Text.Escape($"enough: {sweep.Describe(enough)}");
        layout.SetProperty("shapes", new[]
        {
            Obj(("type", "line"), ("xref", "x"), ("yref", "paper"), ("x0", enough.Value), ("x1", enough.Value), ("y0", 0), ("y1", 1),
                ("line", Obj(("color", Palette.Ideal), ("width", 1.5), ("dash", "dash")))),
        });
        layout.SetProperty("annotations", new[]
        {
            Obj(("xref", "x"), ("yref", "paper"), ("x", enough.Value), ("y", 1), ("yanchor", "bottom"), ("text", label),
                ("showarrow", false), ("font", Obj(("color", Palette.Ideal), ("size", 11)))),
        });
        return GenericChart.setLayout(layout, GenericChart.ofTraceObjects(false, traces));
    }

    /// <summary>"3 slots: makespan 4.00 s, 2.50 tasks/s, peak waiting 7" (escaped).</summary>
    public static string Hover(SweepResult sweep, SweepPoint point) => Text.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{sweep.Describe(point)}: makespan {point.Makespan.TotalSeconds:0.00} s, {point.Throughput:0.00} tasks/s, peak waiting {point.PeakWaiting}"));

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
