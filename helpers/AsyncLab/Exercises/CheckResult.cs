namespace AsyncLab.Exercises;

/// <summary>The verdict of <see cref="SelfCheck.Verify"/>: passed with ✓, or a hint.</summary>
/// <param name="Exercise">The exercise's name.</param>
/// <param name="Passed">True when every rule held.</param>
/// <param name="Message">"all checks pass", or the hint of the first rule that failed.</param>
public sealed record CheckResult(string Exercise, bool Passed, string Message)
{
    /// <summary>"✓ Exercise 1: all checks pass" or "✗ Exercise 1 · hint: …".</summary>
    public override string ToString() => Passed ? $"✓ {Exercise}: {Message}" : $"✗ {Exercise} · hint: {Message}";
}
