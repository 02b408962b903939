using AsyncLab.Charts;
using Plotly.NET;

namespace AsyncLab;

/// <summary>
/// Charts of a checked <see cref="Prediction"/>: the run's timeline chart with the guesses drawn on it, the verdict,
/// and the predicted finish order beside the real one.
/// </summary>
/// <remarks>
/// The predicted makespan is a dashed line labelled "your guess 2.00 s", measured from the first task's start. The
/// predicted peak concurrency is a diamond in the lower panel at the moment the real concurrency first peaked, at the
/// height you guessed: right on the line when you were right, above or below it when not. A queue-peak guess is a
/// diamond at the moment that queue first peaked. Under the chart: the verdict (✓ or a hint), each guess next to the
/// run, and the two finish orders side by side. Everything works offline and has a static SVG picture.
/// </remarks>
public static class PredictionCharts
{
    /// <summary>The run's interactive chart with the guesses drawn on it.</summary>
    /// <param name="check">The result of <c>timeline.Check(guess)</c>.</param>
    /// <param name="title">The chart's title; defaults to the timeline's title.</param>
    public static GenericChart ToChart(this PredictionCheck check, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        return PlotlyFigure.Build(PredictionChartModel.Build(check, title));
    }

    /// <summary>A static SVG picture: the chart with the guesses, then the verdict, the guesses and the two orders as text.</summary>
    public static string ToSvg(this PredictionCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var picture = SvgPicture.Render(PredictionChartModel.Build(check, null), Palette.StandaloneText, includeFooter: true);
        return SvgStack.WithLines(picture, PredictionChartModel.Lines(check), Palette.StandaloneText);
    }

    /// <summary>
    /// One self-contained <c>&lt;div class="asynclab-timeline"&gt;</c>, like <see cref="TimelineCharts.ToHtmlFragment"/>:
    /// the static picture, the plot, the summary line, then the verdict, a table of the guesses and the two finish
    /// orders side by side.
    /// </summary>
    /// <param name="check">The result of <c>timeline.Check(guess)</c>.</param>
    /// <param name="includePlotlyJs">Carry plotly.js inline (see <see cref="TimelineCharts.ToHtmlFragment"/>).</param>
    public static string ToHtmlFragment(this PredictionCheck check, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Fragment(check, includePlotlyJs);
    }

    /// <summary>A standalone, offline HTML page with the chart and the verdict.</summary>
    public static string ToHtml(this PredictionCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return HtmlFragment.Page(check.Timeline.Title ?? check.Verdict.Exercise, Fragment(check, includePlotlyJs: false));
    }

    private static string Fragment(PredictionCheck check, bool includePlotlyJs)
    {
        var model = PredictionChartModel.Build(check, null);
        return HtmlFragment.Build([(model, PlotlyFigure.Build(model))], check.Timeline.Summary, includePlotlyJs, check.Timeline.Warnings, PredictionChartModel.Html(check));
    }
}
