namespace AsyncLab;

/// <summary>
/// A timeline to be drawn with XPlot.Plotly, for readers whose own notebooks draw with XPlot. Show it like a timeline
/// (a bare expression at the end of a cell, or <see cref="Lab.Show"/>). In a notebook, AsyncLab loads its XPlot
/// layer only now, when the first such view is shown; a notebook that never asks for XPlot never loads it. Outside a
/// notebook there is no XPlot, so a console app prints the summary line and saves the usual Plotly.NET chart.
/// </summary>
/// <example><code>timeline.InXPlot()</code></example>
public sealed class XPlotView
{
    internal XPlotView(Timeline timeline, string? title)
    {
        Timeline = timeline;
        Title = title;
    }

    /// <summary>The recorded run to draw.</summary>
    public Timeline Timeline { get; }

    /// <summary>The chart's title, or <see langword="null"/> for the timeline's own title or summary.</summary>
    public string? Title { get; }

    /// <summary>The run's summary line, as a timeline prints it.</summary>
    public override string ToString() => Timeline.Summary;
}
