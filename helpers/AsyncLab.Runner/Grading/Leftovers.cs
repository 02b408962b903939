using System.Diagnostics;
using System.Text;

namespace AsyncLab.Runner.Grading;

/// <summary>
/// Finds and kills what a submission started and left running, on Linux (it reads /proc): every process that carries
/// the submission's marker variable in its environment (it is inherited from the kernel, also by a process that left
/// the kernel's tree or its process group) or whose current folder is inside the submission's folder.
/// </summary>
internal static class Leftovers
{
    /// <summary>Kills them until none is left (a process may start others while it is being killed); returns how many.</summary>
    public static int Kill(string marker, string folder)
    {
        var killed = new HashSet<int>();
        for (var round = 0; round < 20; round++)
        {
            var found = Find(marker, folder);
            if (found.Count == 0)
            {
                break;
            }
            foreach (var id in found)
            {
                try
                {
                    using var process = Process.GetProcessById(id);
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(2000);
                    killed.Add(id);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone already, or not ours to kill.
                }
            }
        }
        return killed.Count;
    }

    /// <summary>The ids of the processes that belong to the submission, this one excluded.</summary>
    public static IReadOnlyList<int> Find(string marker, string folder)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        var inside = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var id) || id == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (HasVariable(File.ReadAllBytes(Path.Combine(entry, "environ")), needle) ||
                    cwd is not null && (cwd + Path.DirectorySeparatorChar).StartsWith(inside, StringComparison.Ordinal))
                {
                    found.Add(id);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended meanwhile, or another user's process.
            }
        }
        return found;
    }

    /// <summary>True when the NUL-separated environment holds the exact entry <paramref name="needle"/>.</summary>
    private static bool HasVariable(byte[] environment, byte[] needle)
    {
        var span = environment.AsSpan();
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)0);
            var entry = end < 0 ? span : span[..end];
            if (entry.SequenceEqual(needle))
            {
                return true;
            }
            span = end < 0 ? [] : span[(end + 1)..];
        }
        return false;
    }
}
