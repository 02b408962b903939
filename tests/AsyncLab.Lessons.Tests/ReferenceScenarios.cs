namespace AsyncLab.Lessons.Tests;

/// <summary>
/// The summary lines of the three reference scenarios, copied verbatim from the shared scenarios.md ("Summary lines
/// these scenarios produce (virtual time)"). They are the oracle; the golden files repeat them for the cells that run
/// the scenarios.
/// </summary>
internal static class ReferenceScenarios
{
    /// <summary>Scenario 1: five fetches of 1 s through Task.WhenAll.</summary>
    public const string FanOut = "5 tasks · makespan 1.00 s · peak concurrency 5 · ideal 1.00 s";

    /// <summary>Scenario 2: ten jobs of 1 s through SemaphoreSlim(3).</summary>
    public const string Throttling = "10 tasks · makespan 4.00 s · peak concurrency 3 · ideal 4.00 s";

    /// <summary>Scenario 3: one producer of five items every 0.5 s, one consumer of 1 s per item.</summary>
    public const string ProducerConsumer = "2 tasks · makespan 5.50 s · peak concurrency 2 · ideal 5.50 s";
}
