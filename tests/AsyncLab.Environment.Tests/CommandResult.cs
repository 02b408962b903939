namespace AsyncLab.Environment.Tests;

/// <summary>What a finished command printed and how it ended.</summary>
/// <param name="CommandLine">The command as typed in a shell, for messages.</param>
/// <param name="ExitCode">The exit code; -1 when it was stopped for taking too long.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="TimedOut">True when the command was stopped at its time limit.</param>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed, bool TimedOut)
{
    /// <summary>True when the command exited with 0 in time.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A failure message that ends with the last lines the command printed.</summary>
    public string Describe()
    {
        var lines = Output.Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 60)));
        var ending = TimedOut ? $"was stopped after {Elapsed.TotalSeconds:F0} s" : $"exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s";
        return $"`{CommandLine}` {ending}. Last output:\n{tail}";
    }
}
