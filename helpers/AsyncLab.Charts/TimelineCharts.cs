using AsyncLab.Charts;
using Plotly.NET;

namespace AsyncLab;

/// <summary>
/// Charts of a <see cref="Timeline"/>: an interactive Plotly chart, a static SVG picture, and offline HTML.
/// </summary>
/// <remarks>
/// <para>The timeline chart has one row per lane in start order (first task at the top): waiting segments pale,
/// in-progress segments solid, faulted tasks in vermillion and canceled ones in grey with an ✕ where they ended
/// (hover shows the error). Marks and the ideal makespan are vertical lines. A lower panel shows how many tasks are in
/// progress over time and, where <c>lab.Enqueued</c> queues were used, each queue's depth. Under it, every watched
/// resource (<c>lab.Semaphore</c>, a watched channel, a watched rate limiter) gets its own small panel on the same time
/// axis, titled with its name, kind and capacity: its level (slots in use, items, permits available) solid orange, its
/// capacity dashed grey, what it held back (tasks waiting, readers waiting, requests queued) dotted sky blue, writers
/// held by a full channel dotted vermillion and items dropped so far dotted purple, in every panel and in both the
/// Plotly chart and the static SVG. Panels keep a fixed height, so they read the same at 5 tasks and at 10,000. Colours come from the Okabe–Ito palette;
/// backgrounds are transparent, grid lines translucent grey, and text takes the page's colour, so the chart reads on
/// light and dark themes. Time is in seconds from the start of the run. In a real-time run the in-progress count
/// draws a dip shorter than 1 ms (one task handing over to the next microseconds later) as continuous, so it shows
/// no spikes to 0; the bars' hover still gives the exact times. Virtual-time runs are drawn exactly.</para>
/// <para>Scale: up to 300 rows the chart uses bar traces with hover on every bar. Above that each state is one
/// path shape (a single SVG path element), rows that share a pixel row are merged into one band, and hover covers a
/// sample of rows; a 10,000-task chart draws within 1.5× the time of a 100-task one in headless Chromium. The
/// threads view is added to <see cref="ToHtmlFragment"/> only when the run computed or blocked on a thread, so
/// ordinary timelines stay one chart. The static SVG bins rows into at most 200 bands above 60 rows, so it stays
/// small too.</para>
/// <para>Everything works offline: plotly.js comes from Plotly.NET.dll (<see cref="PlotlyJs"/>); no CDN, no require.js.</para>
/// </remarks>
public static class TimelineCharts
{
    /// <summary>The timeline as an interactive Plotly.NET chart.</summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="title">The chart's title; defaults to the timeline's <see cref="Timeline.Title"/>.</param>
    /// <param name="showQueue">Draw queue depth in the lower panel when queues were used.</param>
    public static GenericChart ToChart(this Timeline timeline, string? title = null, bool showQueue = true)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return PlotlyFigure.Build(TimelineChartModel.Tasks(timeline, title, showQueue));
    }

    /// <summary>
    /// The threads view as a Plotly.NET chart: one row per managed thread, bars where a thread was computing or
    /// blocked, ticks where code resumed after an await. Awaiting a delay occupies no thread, so a thousand
    /// pending delays show up here only as a few resume ticks, while each blocking call pins a row.
    /// </summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="title">The chart's title; defaults to the timeline's title followed by ": threads".</param>
    public static GenericChart ToThreadsChart(this Timeline timeline, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return PlotlyFigure.Build(TimelineChartModel.Threads(timeline, title));
    }

    /// <summary>
    /// A static SVG picture of the timeline, drawn without any script: rows, waiting and in-progress segments,
    /// failure marks, a time axis, the concurrency step line and the summary. Names are escaped.
    /// </summary>
    public static string ToSvg(this Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return SvgPicture.Render(TimelineChartModel.Tasks(timeline, null, showQueue: true), Palette.StandaloneText, includeFooter: true);
    }

    /// <summary>
    /// One self-contained <c>&lt;div class="asynclab-timeline"&gt;</c> for a notebook output or a web page: a static SVG
    /// (visible where scripts do not run), a plot that plotly.js draws (the SVG hides once it is drawn) and the summary
    /// line as text. When the run computed or blocked on threads, the threads view follows the timeline chart.
    /// </summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="includePlotlyJs">
    /// Carry plotly.js inline in <c>&lt;script data-asynclab-plotly&gt;</c>, guarded so it defines <c>Plotly</c> once per
    /// page and never registers with require.js. Exporters that merge outputs remove every such element and add one copy
    /// per file.
    /// </param>
    public static string ToHtmlFragment(this Timeline timeline, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return Fragment(timeline, null, includePlotlyJs);
    }

    private static string Fragment(Timeline timeline, string? title, bool includePlotlyJs)
    {
        var tasks = TimelineChartModel.Tasks(timeline, title, showQueue: true);
        var charts = new List<(RowChartModel?, GenericChart)> { (tasks, PlotlyFigure.Build(tasks)) };
        if (TimelineChartModel.HasThreadWork(timeline))
        {
            var threads = TimelineChartModel.Threads(timeline, null);
            charts.Add((threads, PlotlyFigure.Build(threads)));
        }
        return HtmlFragment.Build(charts, timeline.Summary, includePlotlyJs, timeline.Warnings);
    }

    /// <summary>
    /// The run as a replay: a time slider and a play/pause button move a cursor across the chart; at the cursor each row
    /// says its state, the panels give their values and a line says what just happened. Leave it as the last value of a
    /// notebook cell (or pass it to <see cref="Lab.Show"/>) to see it.
    /// </summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="title">The chart's title; defaults to the timeline's <see cref="Timeline.Title"/>.</param>
    /// <example><code>timeline.Replay()</code></example>
    public static TimelineReplay Replay(this Timeline timeline, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return new TimelineReplay(timeline, title);
    }

    /// <summary>
    /// The timeline drawn with XPlot.Plotly instead of Plotly.NET, when a notebook shows it; see <see cref="XPlotView"/>.
    /// </summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="title">The chart's title; defaults to the timeline's <see cref="Timeline.Title"/> or its summary.</param>
    /// <example><code>timeline.InXPlot()</code></example>
    public static XPlotView InXPlot(this Timeline timeline, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return new XPlotView(timeline, title);
    }

    /// <summary>A standalone, offline HTML page with the timeline's chart (plotly.js inlined once).</summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="title">The page and chart title; defaults to the timeline's title, or "AsyncLab timeline".</param>
    public static string ToHtml(this Timeline timeline, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return HtmlFragment.Page(title ?? timeline.Title ?? "AsyncLab timeline", Fragment(timeline, title, includePlotlyJs: false));
    }

    /// <summary>Writes <see cref="ToHtml"/> to <paramref name="path"/> (creating its folder) and returns the full path.</summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="path">Where to write the page, for example <c>charts/fan-out.html</c>.</param>
    public static string SaveHtml(this Timeline timeline, string path)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllText(full, timeline.ToHtml());
        return full;
    }
}
