namespace AsyncLab.Exercises;

/// <summary>
/// Checks an exercise and answers with ✓ or with a hint (never the answer). The first rule that fails gives
/// its hint, so order rules from the most basic to the most subtle.
/// </summary>
/// <example>
/// <code>
/// SelfCheck.Verify("Exercise 1",
///     (timeline.Tasks.Count == 10, "Start ten jobs, one per id."),
///     (timeline.PeakConcurrency == 3, "Are all jobs going through the same SemaphoreSlim(3)?"))
/// </code>
/// </example>
public static class SelfCheck
{
    /// <summary>Runs the rules in order and returns the verdict; display it as the last value of the cell.</summary>
    /// <param name="exercise">The exercise's name, shown in the verdict.</param>
    /// <param name="rules">Each rule: whether it holds, and the hint to give when it does not.</param>
    public static CheckResult Verify(string exercise, params (bool Passed, string Hint)[] rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Length == 0)
        {
            throw new ArgumentException("Give at least one rule: (condition, \"hint when it fails\").", nameof(rules));
        }
        foreach (var (passed, hint) in rules)
        {
            if (!passed)
            {
                return new CheckResult(exercise, false, hint);
            }
        }
        return new CheckResult(exercise, true, "all checks pass");
    }
}
