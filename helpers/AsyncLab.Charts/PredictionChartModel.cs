using System.Globalization;
using System.Text;

namespace AsyncLab.Charts;

/// <summary>
/// The timeline chart of a checked prediction: the run's own chart, plus a dashed line at the predicted makespan and
/// diamonds in the lower panel at the predicted peaks; under it the verdict, each guess next to the run, and the
/// predicted finish order beside the real one.
/// </summary>
internal static class PredictionChartModel
{
    /// <summary>The run's chart model with the guesses drawn on it.</summary>
    public static RowChartModel Build(PredictionCheck check, string? title)
    {
        var timeline = check.Timeline;
        var model = TimelineChartModel.Tasks(timeline, title, showQueue: true);
        var prediction = check.Prediction;
        var marks = model.Marks.ToList();
        var points = new List<PanelPoint>();
        var end = model.End;
        if (prediction.Makespan is { } makespan)
        {
            // The chart's time axis starts at the first task's start, so the guess is measured from there too.
            var start = timeline.Tasks.Count == 0 ? 0 : timeline.Tasks.Min(t => t.Start).TotalSeconds;
            marks.Add(new(start + makespan, string.Create(CultureInfo.InvariantCulture, $"your guess {makespan:0.00} s"), Palette.Guess, false));
            end = Math.Max(end, start + makespan);
        }
        if (prediction.PeakConcurrency is { } peak)
        {
            var at = timeline.Concurrency.FirstOrDefault(p => p.Value == timeline.PeakConcurrency).Time.TotalSeconds;
            points.Add(new(at, peak, $"your guess: peak {peak}", Palette.Guess));
        }
        if (prediction.QueuePeak is { } queuePeak)
        {
            // A watched channel or semaphore has its own panel: the guess goes there; a lab.Enqueued queue stays below the tasks.
            var panel = prediction.Queue is { } named
                ? (timeline.Queues.Any(q => q.Name == named) ? null : named)
                : (timeline.Queues.Count == 0 && timeline.Resources.Count == 1 ? timeline.Resources[0].Name : null);
            points.Add(new((check.QueuePeakAt ?? TimeSpan.Zero).TotalSeconds, queuePeak, $"your guess: queue peak {queuePeak}", Palette.Guess, panel));
        }
        return model with { Marks = marks, PanelPoints = points, End = end };
    }

    /// <summary>The verdict, the guesses table and the two finish orders, as escaped HTML.</summary>
    public static string Html(PredictionCheck check)
    {
        var html = new StringBuilder();
        var verdict = check.Verdict;
        html.Append($"<div class=\"asynclab-verdict\" style=\"font-family:monospace;margin:0 0 6px 0;color:{(verdict.Passed ? Palette.Concurrency : Palette.Faulted)}\">{Text.Escape(verdict.ToString())}</div>");
        html.Append("<table class=\"asynclab-prediction\" style=\"font-family:monospace;border-collapse:collapse;margin:0 0 8px 0\">");
        html.Append("<tr><th style=\"text-align:left;padding:0 12px 0 0\"></th><th style=\"text-align:left;padding:0 12px 0 0\">your guess</th><th style=\"text-align:left;padding:0 12px 0 0\">the run</th><th></th></tr>");
        foreach (var item in check.Items.Where(i => i.What != "finish order"))
        {
            html.Append($"<tr><td style=\"padding:0 12px 0 0\">{Text.Escape(item.What)}</td><td style=\"padding:0 12px 0 0\">{Text.Escape(item.Guess)}</td><td style=\"padding:0 12px 0 0\">{Text.Escape(item.Actual)}</td><td>{Tick(item.Right)}</td></tr>");
        }
        html.Append("</table>");
        if (check.Prediction.FinishOrder is { } order)
        {
            html.Append("<table class=\"asynclab-order\" style=\"font-family:monospace;border-collapse:collapse;margin:0 0 8px 0\">");
            html.Append("<tr><th style=\"text-align:right;padding:0 12px 0 0\">#</th><th style=\"text-align:left;padding:0 12px 0 0\">your order</th><th style=\"text-align:left;padding:0 12px 0 0\">real order</th></tr>");
            foreach (var (number, guess, real) in OrderRows(order, check.FinishOrder))
            {
                html.Append($"<tr><td style=\"text-align:right;padding:0 12px 0 0\">{number}</td><td style=\"padding:0 12px 0 0\">{Text.Escape(guess)}</td><td style=\"padding:0 12px 0 0\">{Text.Escape(real)}</td></tr>");
            }
            html.Append("</table>");
        }
        return html.ToString();
    }

    /// <summary>The same lines as <see cref="Html"/>, as plain text lines for the static picture (not escaped).</summary>
    public static IReadOnlyList<(string Line, string? Color)> Lines(PredictionCheck check)
    {
        var lines = new List<(string, string?)> { (check.Verdict.ToString(), check.Verdict.Passed ? Palette.Concurrency : Palette.Faulted) };
        foreach (var item in check.Items.Where(i => i.What != "finish order"))
        {
            lines.Add((item.ToString(), null));
        }
        if (check.Prediction.FinishOrder is { } order)
        {
            var right = check.Items.First(i => i.What == "finish order").Right;
            lines.Add(($"{Tick(right)} finish order (yours | real):", null));
            foreach (var (number, guess, real) in OrderRows(order, check.FinishOrder))
            {
                lines.Add(($"  {number,3}. {guess,-24} | {real}", null));
            }
        }
        return lines;
    }

    private static IEnumerable<(int Number, string Guess, string Real)> OrderRows(IReadOnlyList<string> guess, IReadOnlyList<string> real)
    {
        for (var i = 0; i < Math.Max(guess.Count, real.Count); i++)
        {
            yield return (i + 1, i < guess.Count ? guess[i] : "", i < real.Count ? real[i] : "");
        }
    }

    private static string Tick(bool right) => right ? "✓" : "✗";
}
