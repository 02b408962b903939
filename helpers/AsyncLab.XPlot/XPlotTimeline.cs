using System.Globalization;
using AsyncLab.Charts;
using XPlot.Plotly;

namespace AsyncLab.XPlot;

/// <summary>
/// The timeline drawn with XPlot.Plotly: one row per lane (first task at the top), pale waiting and solid in-progress
/// segments, faulted and canceled work in their own colours, and the concurrency step line in a lower panel.
/// XPlot's bar trace has no <c>base</c>, so each segment is a thick line from its start to its end.
/// </summary>
public static class XPlotTimeline
{
    private const string Waiting = "#A6CBE3", InProgress = "#0072B2", Faulted = "#D55E00", Canceled = "#999999", Concurrency = "#009E73";

    /// <summary>The timeline as an XPlot.Plotly chart.</summary>
    /// <param name="timeline">The frozen timeline to draw.</param>
    /// <param name="title">The chart title; defaults to the timeline's title or its summary.</param>
    public static PlotlyChart ToXPlotChart(this Timeline timeline, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var lanes = timeline.Tasks.Select(t => t.Lane).Distinct().ToList();
        var rowOf = lanes.Select((lane, index) => (lane, index)).ToDictionary(p => p.lane, p => (double)(lanes.Count - 1 - p.index));
        var traces = new List<Trace>
        {
            Segments(timeline, rowOf, "waiting", Waiting, (task, segment) => segment.Kind == SegmentKind.Waiting),
            Segments(timeline, rowOf, "in progress", InProgress, (task, segment) => segment.Kind == SegmentKind.InProgress && task.Outcome is not (TaskOutcome.Faulted or TaskOutcome.Canceled)),
            Segments(timeline, rowOf, "in progress, then faulted", Faulted, (task, segment) => segment.Kind == SegmentKind.InProgress && task.Outcome == TaskOutcome.Faulted),
            Segments(timeline, rowOf, "in progress, then canceled", Canceled, (task, segment) => segment.Kind == SegmentKind.InProgress && task.Outcome == TaskOutcome.Canceled),
            new Scatter
            {
                name = "in progress (count)",
                x = timeline.Concurrency.Select(p => p.Time.TotalSeconds).ToArray(),
                y = timeline.Concurrency.Select(p => p.Value).ToArray(),
                mode = "lines",
                line = new Line { color = Concurrency, shape = "hv", width = 2 },
                yaxis = "y2",
            },
        };
        var rowsHeight = Math.Clamp(lanes.Count * 26, 120, 2_000);
        var layout = new Layout.Layout
        {
            title = System.Net.WebUtility.HtmlEncode(title ?? timeline.Title ?? timeline.Summary),
            height = rowsHeight + 260,
            showlegend = true,
            xaxis = new Xaxis { title = "time (s)", zeroline = false },
            yaxis = new Yaxis
            {
                domain = new[] { 0.32, 1.0 },
                tickvals = lanes.Select(lane => rowOf[lane]).ToArray(),
                ticktext = lanes.Select(System.Net.WebUtility.HtmlEncode).ToArray(),
                zeroline = false,
            },
            yaxis2 = new Yaxis { domain = new[] { 0.0, 0.24 }, title = "in progress", rangemode = "tozero" },
        };
        var chart = Chart.Plot(traces, layout);
        chart.WithId("asynclab-xplot-" + Guid.NewGuid().ToString("N")[..12]);
        return chart;
    }

    /// <summary>
    /// The chart as HTML that draws offline: XPlot's inline HTML (which expects a global Plotly) after the guarded
    /// plotly.js bundle from Plotly.NET, instead of XPlot's CDN link. Exporters dedupe the bundle like the other charts.
    /// </summary>
    public static string ToXPlotHtml(this Timeline timeline, string? title = null) =>
        PlotlyJs.GuardedScript + timeline.ToXPlotChart(title).GetInlineHtml();

    private static Scatter Segments(Timeline timeline, Dictionary<string, double> rowOf, string name, string colour, Func<TaskRecord, Segment, bool> include)
    {
        var x = new List<object?>();
        var y = new List<object?>();
        var text = new List<object?>();
        foreach (var task in timeline.Tasks)
        {
            foreach (var segment in task.Segments.Where(s => include(task, s)))
            {
                var hover = string.Create(CultureInfo.InvariantCulture,
                    $"{System.Net.WebUtility.HtmlEncode(task.Name)}: {name}, {segment.Start.TotalSeconds:0.000}–{segment.End.TotalSeconds:0.000} s");
                x.AddRange([segment.Start.TotalSeconds, segment.End.TotalSeconds, null]);
                y.AddRange([rowOf[task.Lane], rowOf[task.Lane], null]);
                text.AddRange([hover, hover, null]);
            }
        }
        return new Scatter
        {
            name = name,
            x = x,
            y = y,
            text = text,
            hoverinfo = "text",
            mode = "lines",
            connectgaps = false,
            line = new Line { color = colour, width = 14 },
        };
    }
}
