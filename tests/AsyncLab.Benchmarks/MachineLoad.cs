namespace AsyncLab.Benchmarks;

/// <summary>The machine's load, printed beside wall-clock figures: this machine may be shared, and ratios measured in one run are what we publish.</summary>
internal static class MachineLoad
{
    /// <summary>The 1, 5 and 15 minute load averages ("3.10 2.45 1.90"), or "unknown" where /proc/loadavg does not exist.</summary>
    public static string Average() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
