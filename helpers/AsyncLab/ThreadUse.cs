using System.Globalization;

namespace AsyncLab;

/// <summary>Why a thread appears in the threads view.</summary>
public enum ThreadUse
{
    /// <summary>The thread was busy computing (<c>lab.Compute</c>).</summary>
    Computing,

    /// <summary>The thread was blocked and could do nothing else (<c>lab.Block</c>, like <c>Thread.Sleep</c>).</summary>
    Blocked,

    /// <summary>An instant: code resumed on this thread after an await (a zero-length slice).</summary>
    Resumed,
}

/// <summary>A stretch of time during which a task really occupied a thread.</summary>
/// <param name="ThreadId">The managed thread id.</param>
/// <param name="Use">Computing, blocked, or an instant of resuming.</param>
/// <param name="Start">When it began, from the start of the timeline.</param>
/// <param name="End">When it ended (equal to <paramref name="Start"/> for <see cref="ThreadUse.Resumed"/>).</param>
/// <param name="Task">The name of the tracked task that was current, if any.</param>
public readonly record struct ThreadSlice(int ThreadId, ThreadUse Use, TimeSpan Start, TimeSpan End, string? Task)
{
    /// <summary>The thread, what it did and when, such as <c>thread 4 computing 0–0.25 s (worker)</c>.</summary>
    public override string ToString() => (Use switch
    {
        ThreadUse.Computing => string.Create(CultureInfo.InvariantCulture, $"thread {ThreadId} computing {Start.TotalSeconds:0.###}–{End.TotalSeconds:0.###} s"),
        ThreadUse.Blocked => string.Create(CultureInfo.InvariantCulture, $"thread {ThreadId} blocked {Start.TotalSeconds:0.###}–{End.TotalSeconds:0.###} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"thread {ThreadId} resumed at {Start.TotalSeconds:0.###} s"),
    }) + (Task is null ? string.Empty : $" ({Task})");
}
