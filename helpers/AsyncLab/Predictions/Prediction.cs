namespace AsyncLab;

/// <summary>
/// What a learner expects a run to show, written down before looking: fill in only the guesses you want checked, then
/// call <c>timeline.Check(guess)</c>.
/// </summary>
/// <remarks>
/// Makespan counts as right within <see cref="MakespanTolerance"/> (0.05 s unless you set it), so <c>2.0</c> matches
/// a virtual-time run of exactly 2.00 s and a real-time run of 2.03 s; set it to 0 to ask for the exact figure. Counts
/// and names must match exactly. Tasks that end at the same instant may come in either order in
/// <see cref="FinishOrder"/>, and any of them counts as <see cref="LastToEnd"/>.
/// </remarks>
/// <example>
/// <code>
/// var guess = new Prediction { Makespan = 2.0, PeakConcurrency = 3, LastToEnd = "fetch 4" };
/// timeline.Check(guess)   // the chart with your guesses drawn on it, and ✓ or a hint
/// </code>
/// </example>
public sealed class Prediction
{
    private double? _makespan;
    private double _makespanTolerance = 0.05;
    private int? _peakConcurrency;
    private int? _queuePeak;

    /// <summary>The makespan you expect, in seconds: from the first task's start to the last task's end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, infinite or not a number.</exception>
    public double? Makespan
    {
        get => _makespan;
        init => _makespan = value is { } seconds && (!double.IsFinite(seconds) || seconds < 0)
            ? throw new ArgumentOutOfRangeException(nameof(Makespan), seconds, "A makespan is a number of seconds, 0 or more, such as 2.0.")
            : value;
    }

    /// <summary>How far, in seconds, the real makespan may be from <see cref="Makespan"/> and still count: 0.05 unless set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, infinite or not a number.</exception>
    public double MakespanTolerance
    {
        get => _makespanTolerance;
        init => _makespanTolerance = !double.IsFinite(value) || value < 0
            ? throw new ArgumentOutOfRangeException(nameof(MakespanTolerance), value, "The tolerance is a number of seconds, 0 (exact) or more.")
            : value;
    }

    /// <summary>The most tasks you expect in progress at the same moment.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int? PeakConcurrency
    {
        get => _peakConcurrency;
        init => _peakConcurrency = value < 0
            ? throw new ArgumentOutOfRangeException(nameof(PeakConcurrency), value, "A peak is a count of tasks, 0 or more.")
            : value;
    }

    /// <summary>The task names in the order you expect them to finish (every tracked task once).</summary>
    public IReadOnlyList<string>? FinishOrder { get; init; }

    /// <summary>The name of the task you expect to end last.</summary>
    public string? LastToEnd { get; init; }

    /// <summary>
    /// The most items you expect in the queue at once: a queue recorded with <c>lab.Enqueued</c>, or a channel made with
    /// <c>lab.BoundedChannel</c> / <c>lab.UnboundedChannel</c> (items in it), or a semaphore (slots in use).
    /// Which one is named by <see cref="Queue"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int? QueuePeak
    {
        get => _queuePeak;
        init => _queuePeak = value < 0
            ? throw new ArgumentOutOfRangeException(nameof(QueuePeak), value, "A queue peak is a count of items, 0 or more.")
            : value;
    }

    /// <summary>
    /// The queue, channel or semaphore <see cref="QueuePeak"/> is about; leave it out when the run has only one.
    /// </summary>
    public string? Queue { get; init; }

    /// <summary>True when at least one guess is filled in.</summary>
    public bool HasGuesses =>
        Makespan is not null || PeakConcurrency is not null || FinishOrder is not null || LastToEnd is not null || QueuePeak is not null;

    /// <summary>The guesses filled in, such as <c>your guess: makespan 2.00 s, peak concurrency 3</c>.</summary>
    public override string ToString()
    {
        var guesses = new List<string>();
        if (Makespan is { } makespan)
        {
            guesses.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"makespan {makespan:0.00} s"));
        }
        if (PeakConcurrency is { } peak)
        {
            guesses.Add($"peak concurrency {peak}");
        }
        if (QueuePeak is { } queuePeak)
        {
            guesses.Add(Queue is null ? $"queue peak {queuePeak}" : $"queue peak {queuePeak} ({Queue})");
        }
        if (LastToEnd is not null)
        {
            guesses.Add($"last to end {LastToEnd}");
        }
        if (FinishOrder is not null)
        {
            guesses.Add($"finish order {string.Join(", ", FinishOrder)}");
        }
        return guesses.Count == 0 ? "your guess: nothing filled in yet" : "your guess: " + string.Join("; ", guesses);
    }
}
