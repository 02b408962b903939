using System.Diagnostics;
using System.Text;
using AsyncLab.Exercises;

namespace AsyncLab;

/// <summary>
/// A <see cref="Prediction"/> checked against a run: each guess next to what happened, and one verdict from
/// <see cref="SelfCheck"/> (✓, or the hint of the first wrong guess). In a notebook it shows as the run's chart with
/// the guesses drawn on it (AsyncLab.Charts: <c>check.ToHtmlFragment()</c>); as text, as the verdict and one line per
/// guess.
/// </summary>
[DebuggerDisplay("{Verdict}")]
public sealed class PredictionCheck
{
    internal PredictionCheck(Timeline timeline, Prediction prediction, IReadOnlyList<PredictionItem> items, CheckResult verdict, IReadOnlyList<string> finishOrder, TimeSpan? queuePeakAt)
    {
        Timeline = timeline;
        Prediction = prediction;
        Items = items;
        Verdict = verdict;
        FinishOrder = finishOrder;
        QueuePeakAt = queuePeakAt;
    }

    /// <summary>The run that was checked.</summary>
    public Timeline Timeline { get; }

    /// <summary>The guesses.</summary>
    public Prediction Prediction { get; }

    /// <summary>Each filled-in guess next to what the run showed, in the order makespan, peak, order, last, queue.</summary>
    public IReadOnlyList<PredictionItem> Items { get; }

    /// <summary>✓ when every guess holds, else the hint of the first wrong one (the same verdict the exercises give).</summary>
    public CheckResult Verdict { get; }

    /// <summary>True when every guess holds.</summary>
    public bool Passed => Verdict.Passed;

    /// <summary>The task names in the order they really finished (ties in start order).</summary>
    public IReadOnlyList<string> FinishOrder { get; }

    /// <summary>When the queue of the <see cref="AsyncLab.Prediction.QueuePeak"/> guess first reached its real peak; null without that guess.</summary>
    public TimeSpan? QueuePeakAt { get; }

    /// <summary>The verdict, then one line per guess.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Verdict.ToString());
        foreach (var item in Items)
        {
            text.Append('\n').Append(item);
        }
        return text.ToString();
    }
}
