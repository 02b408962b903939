using AsyncLab.Exercises;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace AsyncLab.Interactive;

/// <summary>
/// Connects AsyncLab to the notebook kernel. The second setup cell of every lesson calls <see cref="Attach"/>;
/// after that, a <see cref="Timeline"/> left as the last value of a cell shows its chart and summary line.
/// </summary>
public static class Notebook
{
    private static int _attached;

    /// <summary>True once <see cref="Attach"/> has run in this kernel.</summary>
    public static bool IsAttached => Volatile.Read(ref _attached) == 1;

    /// <summary>
    /// Registers the formatters (timeline chart, offline Plotly charts, exercise verdicts, and XPlot charts once a cell
    /// loads XPlot; Attach itself never loads it) and installs the notebook's
    /// <see cref="LabHost"/>: <see cref="Lab.Show"/> displays in the cell, and the cell's stop button cancels the lab's waits.
    /// Running it again does nothing new.
    /// </summary>
    public static void Attach()
    {
        if (Interlocked.Exchange(ref _attached, 1) == 1)
        {
            return;
        }

        Formatter.Register<Timeline>((timeline, writer) => writer.Write(timeline.ToHtmlFragment()), HtmlFormatter.MimeType);
        Formatter.Register<Timeline>((timeline, writer) => writer.Write(timeline.Summary), PlainTextFormatter.MimeType);

        // Plotly.NET's own notebook formatter fetches plotly.js from a CDN; this one carries the bundled copy.
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(OfflineChart.Html(chart)), HtmlFormatter.MimeType);

        // XPlot's charts get the bundled copy too, but only once a cell loads XPlot: Attach must not load it.
        XPlotFormatter.RegisterWhenLoaded();

        // A checked prediction, a sweep and a comparison show as their charts, with their text for plain-text readers.
        Formatter.Register<PredictionCheck>((check, writer) => writer.Write(check.ToHtmlFragment()), HtmlFormatter.MimeType);
        Formatter.Register<PredictionCheck>((check, writer) => writer.Write(check.ToString()), PlainTextFormatter.MimeType);
        Formatter.Register<SweepResult>((sweep, writer) => writer.Write(sweep.ToHtmlFragment()), HtmlFormatter.MimeType);
        Formatter.Register<SweepResult>((sweep, writer) => writer.Write(sweep.ToString()), PlainTextFormatter.MimeType);
        Formatter.Register<SweepComparison>((comparison, writer) => writer.Write(comparison.ToHtmlFragment()), HtmlFormatter.MimeType);
        Formatter.Register<SweepComparison>((comparison, writer) => writer.Write(comparison.DiffLine), PlainTextFormatter.MimeType);

        // A replay shows its chart with the slider and play button; plain-text readers get the summary.
        Formatter.Register<TimelineReplay>((replay, writer) => writer.Write(replay.ToHtmlFragment()), HtmlFormatter.MimeType);
        Formatter.Register<TimelineReplay>((replay, writer) => writer.Write(replay.ToString()), PlainTextFormatter.MimeType);

        // Asked for by name (timeline.InXPlot()): XPlot loads now, its chart carries the bundled plotly.js, and the
        // summary line goes under it as under every timeline.
        Formatter.Register<XPlotView>((view, writer) => writer.Write(
            XPlotLayer.Chart(view).ToDisplayString(HtmlFormatter.MimeType) + SummaryHtml(view.Timeline.Summary) + SummaryHtml("drawn with XPlot.Plotly")), HtmlFormatter.MimeType);
        Formatter.Register<XPlotView>((view, writer) => writer.Write(view.ToString()), PlainTextFormatter.MimeType);

        Formatter.Register<CheckResult>((result, writer) => writer.Write(CheckHtml(result)), HtmlFormatter.MimeType);
        Formatter.Register<CheckResult>((result, writer) => writer.Write(result.ToString()), PlainTextFormatter.MimeType);

        // Stays for the life of the kernel: nothing restores the previous host.
        LabHost.Install(NotebookHost.Instance);

        // A lesson references only this DLL, and the kernel compiles its cells against the assemblies this one names.
        // Naming the rate-limiting layer puts it (and System.Threading.RateLimiting) in that list, so a cell can call
        // lab.TokenBucket(...) with no #r of its own. (A discarded typeof would be compiled away, and the name with it.)
        GC.KeepAlive(typeof(LabRateLimiterExtensions));
        // The same for the page server (lab.StartPageServer) and for Polly v8 (ResiliencePipelineBuilder), which
        // lesson 09's cells use with no #r.
        GC.KeepAlive(typeof(LabPageServerExtensions));
        GC.KeepAlive(typeof(Polly.ResiliencePipelineBuilder));
    }

    private static string SummaryHtml(string summary) =>
        $"<div style=\"font-family:monospace\">{System.Net.WebUtility.HtmlEncode(summary)}</div>";

    private static string CheckHtml(CheckResult result)
    {
        var colour = result.Passed ? "#009E73" : "#D55E00";
        return $"<div style=\"font-family:monospace;color:{colour}\">{System.Net.WebUtility.HtmlEncode(result.ToString())}</div>";
    }
}
