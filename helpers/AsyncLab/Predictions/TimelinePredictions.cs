using System.Globalization;
using AsyncLab.Exercises;

namespace AsyncLab;

/// <summary>Checks a learner's <see cref="Prediction"/> against a <see cref="Timeline"/>.</summary>
public static class TimelinePredictions
{
    /// <summary>
    /// Compares each filled-in guess with the run and gives the verdict through <see cref="SelfCheck.Verify"/>: ✓ when
    /// all hold, else the hint of the first wrong guess. Display the result as the last value of a cell to see the chart
    /// with your guesses on it.
    /// </summary>
    /// <param name="timeline">The recorded run.</param>
    /// <param name="prediction">The guesses, written before the run.</param>
    /// <param name="name">The name shown in the verdict, such as "Prediction 2".</param>
    /// <exception cref="ArgumentException">No guess is filled in; or the queue guess names no queue of the run.</exception>
    public static PredictionCheck Check(this Timeline timeline, Prediction prediction, string name = "Prediction")
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!prediction.HasGuesses)
        {
            throw new ArgumentException(
                "Fill in at least one guess, for example new Prediction { Makespan = 2.0, PeakConcurrency = 3 }.", nameof(prediction));
        }

        var finishOrder = FinishOrder(timeline);
        TimeSpan? queuePeakAt = null;
        var items = new List<PredictionItem>();
        if (prediction.Makespan is { } makespan)
        {
            var actual = timeline.Makespan.TotalSeconds;
            var right = Math.Abs(actual - makespan) <= prediction.MakespanTolerance + 1e-9;
            var hint = right ? "" : actual > makespan
                ? $"The run took longer than {Seconds(makespan)}: look for pale bars, time spent waiting adds to the makespan."
                : $"The run was faster than {Seconds(makespan)}: which tasks ran at the same time?";
            items.Add(new("makespan", Seconds(makespan), Seconds(actual), right, hint));
        }
        if (prediction.PeakConcurrency is { } peak)
        {
            var actual = timeline.PeakConcurrency;
            var hint = actual > peak
                ? $"More than {peak} tasks were in progress at once: what limits how many run together?"
                : $"Fewer than {peak} tasks were ever in progress at once: look for a limit, or for awaits one after another.";
            items.Add(new("peak concurrency", Count(peak), Count(actual), actual == peak, actual == peak ? "" : hint));
        }
        if (prediction.FinishOrder is { } order)
        {
            var right = OrderHolds(timeline, order, out var problem);
            items.Add(new("finish order", string.Join(", ", order), string.Join(", ", finishOrder), right, right ? "" : problem));
        }
        if (prediction.LastToEnd is { } last)
        {
            var end = timeline.Tasks.Count == 0 ? TimeSpan.Zero : timeline.Tasks.Max(t => t.End);
            var lasts = timeline.Tasks.Where(t => t.End == end).Select(t => t.Name).Distinct().ToArray();
            var right = lasts.Contains(last, StringComparer.Ordinal);
            var hint = timeline.Tasks.Any(t => t.Name == last)
                ? $"'{last}' was not the last to end: which task started last, or waited longest?"
                : $"No task is called '{last}': use a name from the chart's rows.";
            items.Add(new("last to end", last, string.Join(" or ", lasts), right, right ? "" : hint));
        }
        if (prediction.QueuePeak is { } queuePeak)
        {
            (var label, var actual, queuePeakAt) = QueuePeak(timeline, prediction.Queue);
            var hint = actual > queuePeak
                ? $"The {label} held more than {queuePeak} at once: is the producer faster than the consumers?"
                : $"The {label} never held {queuePeak} at once: do the consumers keep up?";
            items.Add(new($"peak of {label}", Count(queuePeak), Count(actual), actual == queuePeak, actual == queuePeak ? "" : hint));
        }

        var verdict = SelfCheck.Verify(name, [.. items.Select(i => (i.Right, i.Hint))]);
        return new PredictionCheck(timeline, prediction, items, verdict, finishOrder, queuePeakAt);
    }

    /// <summary>Task names by end time; tasks that end together keep their start order.</summary>
    internal static string[] FinishOrder(Timeline timeline) =>
        [.. timeline.Tasks.OrderBy(t => t.End).Select(t => t.Name)];

    /// <summary>
    /// True when <paramref name="order"/> names every task once (a name shared by n tasks n times) and the run's end
    /// times never go down along it; tasks that end at the same instant may come in either order.
    /// </summary>
    private static bool OrderHolds(Timeline timeline, IReadOnlyList<string> order, out string problem)
    {
        var endsByName = timeline.Tasks.GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<TimeSpan>(g.Select(t => t.End).Order()), StringComparer.Ordinal);
        if (order.Count != timeline.Tasks.Count)
        {
            problem = $"The run had {Count(timeline.Tasks.Count, "task")}; your order names {order.Count}. Name each task once.";
            return false;
        }
        var previous = TimeSpan.MinValue;
        string? previousName = null;
        foreach (var name in order)
        {
            if (!endsByName.TryGetValue(name, out var ends) || ends.Count == 0)
            {
                problem = endsByName.ContainsKey(name)
                    ? $"'{name}' appears more often in your order than in the run."
                    : $"No task is called '{name}': use the names on the chart's rows.";
                return false;
            }
            var end = ends.Dequeue();
            if (end < previous)
            {
                problem = $"'{name}' finished before '{previousName}': which of the two had less to do, or waited less?";
                return false;
            }
            (previous, previousName) = (end, name);
        }
        problem = "";
        return true;
    }

    /// <summary>The peak the queue guess is about, how to call it in a sentence, and when it was first reached.</summary>
    private static (string Label, int Peak, TimeSpan At) QueuePeak(Timeline timeline, string? name)
    {
        var candidates = timeline.Queues.Select(q => (q.Name, Label: $"queue '{q.Name}'", Points: q.Depth))
            .Concat(timeline.Resources.Select(r => (r.Name, Label: r.Kind == ResourceKind.Semaphore ? $"semaphore '{r.Name}' (slots in use)" : $"channel '{r.Name}'", Points: r.Level)))
            .ToArray();
        if (name is null && candidates.Length != 1)
        {
            throw new ArgumentException(candidates.Length == 0
                ? "This run used no queue, channel or semaphore the lab watched: QueuePeak has nothing to compare with."
                : $"This run has several queues; say which with Queue = \"…\" ({string.Join(", ", candidates.Select(c => $"'{c.Name}'"))}).", "prediction");
        }
        foreach (var candidate in candidates)
        {
            if (name is null || candidate.Name == name)
            {
                var peak = candidate.Points.Count == 0 ? 0 : candidate.Points.Max(p => p.Value);
                var at = candidate.Points.FirstOrDefault(p => p.Value == peak).Time;
                return (candidate.Label, peak, at);
            }
        }
        throw new ArgumentException(
            $"No queue, channel or semaphore called '{name}' in this run. Watched: {(candidates.Length == 0 ? "none" : string.Join(", ", candidates.Select(c => $"'{c.Name}'")))}.", "prediction");
    }

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
