using System.Globalization;

namespace AsyncLab.Lessons.Tests;

/// <summary>Guards for assertions about real (wall-clock) time.</summary>
internal static class Timing
{
    /// <summary>
    /// Skips the calling test when the machine is so overloaded (Linux load average above twice the core count) that
    /// wall-clock figures say more about the other processes than about the lesson. Elsewhere it does nothing.
    /// </summary>
    public static void SkipWhenOverloaded()
    {
        const string loadFile = "/proc/loadavg";
        if (!File.Exists(loadFile))
        {
            return;
        }
        var first = File.ReadAllText(loadFile).Split(' ')[0];
        if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            && load > 2.0 * Environment.ProcessorCount)
        {
            Assert.Skip($"the machine is overloaded (load average {load:0.0} on {Environment.ProcessorCount} cores); real-time figures are not meaningful now");
        }
    }
}
