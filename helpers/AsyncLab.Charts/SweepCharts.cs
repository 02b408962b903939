using System.Text;
using AsyncLab.Charts;
using Plotly.NET;

namespace AsyncLab;

/// <summary>
/// Charts of a <see cref="SweepResult"/> and of a <see cref="SweepComparison"/>: offline, with static SVG pictures.
/// </summary>
/// <remarks>
/// A sweep shows three curves over the parameter, one above the other: makespan (s), throughput (tasks/s) and peak
/// waiting (tasks), with a dashed line at the value that is enough (<see cref="SweepResult.Enough"/>: the smallest value
/// within 5% of the best makespan). Under the curves, small multiples: one mini timeline per value, pale where tasks
/// waited and solid where they worked, all on one time scale, so shorter runs look shorter. A comparison shows the diff
/// line above the two runs' timeline charts, side by side on one time scale.
/// </remarks>
public static class SweepCharts
{
    /// <summary>The three curves as an interactive Plotly.NET chart.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="title">The chart's title; defaults to the sweep's.</param>
    public static GenericChart ToChart(this SweepResult sweep, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return SweepFigure.Build(sweep, title);
    }

    /// <summary>A static SVG picture: the three curves, then the small multiples.</summary>
    public static string ToSvg(this SweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return SvgStack.Pictures(
            SweepPicture.Curves(sweep, sweep.Title, Palette.StandaloneText),
            SweepPicture.SmallMultiples(sweep, Palette.StandaloneText));
    }

    /// <summary>
    /// One self-contained <c>&lt;div class="asynclab-timeline"&gt;</c>: the curves (a static picture until plotly.js draws
    /// them), the "enough" line as text, then the small multiples.
    /// </summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="includePlotlyJs">Carry plotly.js inline (see <see cref="TimelineCharts.ToHtmlFragment"/>).</param>
    public static string ToHtmlFragment(this SweepResult sweep, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var table = sweep.ToString().Split('\n');
        return HtmlFragment.Build(
            [(null, SweepFigure.Build(sweep, null))],
            table[^1],
            includePlotlyJs,
            afterSummary: $"<div class=\"asynclab-small-multiples\">{SweepPicture.SmallMultiples(sweep, "currentColor")}</div>",
            pictures: [SweepPicture.Curves(sweep, sweep.Title, "currentColor")]);
    }

    /// <summary>A standalone, offline HTML page with the sweep's charts.</summary>
    public static string ToHtml(this SweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return HtmlFragment.Page(sweep.Title ?? $"Sweep over {sweep.Parameter}", sweep.ToHtmlFragment(includePlotlyJs: false));
    }

    /// <summary>
    /// The diff line, then the two runs' timeline charts side by side, both on the time scale of the longer run.
    /// </summary>
    /// <param name="comparison">The result of <c>sweep.Compare(a, b)</c>.</param>
    /// <param name="includePlotlyJs">Carry plotly.js inline (see <see cref="TimelineCharts.ToHtmlFragment"/>).</param>
    public static string ToHtmlFragment(this SweepComparison comparison, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var html = new StringBuilder();
        html.Append($"<div class=\"asynclab-compare\"><div class=\"asynclab-diff\" style=\"font-family:monospace;margin:0 0 6px 0\">{Text.Escape(comparison.DiffLine)}</div>");
        html.Append("<div style=\"display:flex;flex-wrap:wrap;gap:12px\">");
        var first = true;
        foreach (var (model, point) in Models(comparison))
        {
            html.Append("<div style=\"flex:1 1 460px;min-width:0\">");
            html.Append(HtmlFragment.Build([(model, PlotlyFigure.Build(model))], point.Timeline.Summary, includePlotlyJs && first, point.Timeline.Warnings));
            html.Append("</div>");
            first = false;
        }
        html.Append("</div></div>");
        return html.ToString();
    }

    /// <summary>A static SVG picture: the two timelines one under the other on one time scale, then the diff line.</summary>
    public static string ToSvg(this SweepComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var pictures = Models(comparison).Select(m => SvgPicture.Render(m.Model, Palette.StandaloneText, includeFooter: true)).ToArray();
        return SvgStack.WithLines(SvgStack.Pictures(pictures), [(comparison.DiffLine, null)], Palette.StandaloneText);
    }

    private static IEnumerable<(RowChartModel Model, SweepPoint Point)> Models(SweepComparison comparison)
    {
        var baseline = TimelineChartModel.Tasks(comparison.Baseline.Timeline, comparison.With(comparison.Baseline), showQueue: true);
        var other = TimelineChartModel.Tasks(comparison.Other.Timeline, comparison.With(comparison.Other), showQueue: true);
        var end = Math.Max(baseline.End, other.End);
        yield return (baseline with { End = end }, comparison.Baseline);
        yield return (other with { End = end }, comparison.Other);
    }
}
