namespace AsyncLab;

/// <summary>One guess of a <see cref="Prediction"/> next to what the run showed.</summary>
/// <param name="What">What was guessed: "makespan", "peak concurrency", "finish order", "last to end", "queue peak (queue)".</param>
/// <param name="Guess">The guess, as text ("2.00 s").</param>
/// <param name="Actual">What the run showed, as text.</param>
/// <param name="Right">True when the guess holds (within the tolerance for the makespan).</param>
/// <param name="Hint">A nudge for a wrong guess that does not give the answer away; empty when right.</param>
public sealed record PredictionItem(string What, string Guess, string Actual, bool Right, string Hint)
{
    /// <summary>"✓ makespan: guess 2.00 s, run 2.00 s".</summary>
    public override string ToString() => $"{(Right ? "✓" : "✗")} {What}: guess {Guess}, run {Actual}";
}
