namespace AsyncLab.Runner.Export;

/// <summary>A notebook cannot be converted because it breaks lesson-writing rules; the message lists every cell.</summary>
public sealed class LessonRuleException : Exception
{
    /// <summary>Creates the exception for <paramref name="notebook"/>.</summary>
    public LessonRuleException(string notebook, IReadOnlyList<RuleViolation> violations)
        : base($"{notebook} breaks the lesson-writing rules (notebooks/AUTHORING.md):\n" + string.Join("\n", violations.Select(v => "  " + v)))
    {
        Violations = violations;
    }

    /// <summary>Every broken rule.</summary>
    public IReadOnlyList<RuleViolation> Violations { get; }
}
