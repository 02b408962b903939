using System.Diagnostics;

namespace AsyncLab.Recording;

/// <summary>
/// One recorded fact in 16 bytes. <see cref="Subject"/> is a task id, a queue id, a text id or a resource index, by
/// <see cref="Kind"/>; <see cref="Detail"/> depends on the kind too (for <see cref="EventKind.Resumed"/> and
/// <see cref="EventKind.ThreadBusyBegan"/> it holds the thread, see <see cref="ThreadOf"/>). The time and the kind
/// share one word, written last: a slot whose word is still 0 has not been written yet (no kind is 0).
/// </summary>
internal struct LabEvent : ILogEntry<LabEvent>
{
    private const int KindBits = 8;

    /// <summary>The time since the recording started, shifted left by 8 bits, with the kind in the low 8 bits.</summary>
    private long _timeAndKind;
    private int _subject;
    private int _detail;

    /// <param name="timestamp">Clock ticks since the recording started (2^55 of them: over a year in nanoseconds).</param>
    /// <param name="subject">The task, queue, text or resource the event is about.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="detail">More about it, by kind.</param>
    public LabEvent(long timestamp, int subject, EventKind kind, int detail)
    {
        Debug.Assert(kind != 0 && Math.Abs(timestamp) < 1L << (63 - KindBits));
        _timeAndKind = (timestamp << KindBits) | (byte)kind;
        _subject = subject;
        _detail = detail;
    }

    /// <summary>Clock ticks since the recording started.</summary>
    public readonly long Timestamp => _timeAndKind >> KindBits;

    public readonly EventKind Kind => (EventKind)(byte)_timeAndKind;

    public readonly int Subject => _subject;

    public readonly int Detail => _detail;

    /// <summary>The detail of an event that names a thread: the managed thread id, and what it did in the low 2 bits.</summary>
    public static int ThreadDetail(ThreadUse use) => (Environment.CurrentManagedThreadId << 2) | (int)use;

    /// <summary>The thread and its use, from <see cref="ThreadDetail"/>.</summary>
    public readonly (int ThreadId, ThreadUse Use) ThreadOf => (_detail >>> 2, (ThreadUse)(_detail & 3));

    public static bool IsWritten(ref readonly LabEvent slot) => Volatile.Read(in slot._timeAndKind) != 0;

    public static void Publish(ref LabEvent slot, in LabEvent item)
    {
        slot._subject = item._subject;
        slot._detail = item._detail;
        Volatile.Write(ref slot._timeAndKind, item._timeAndKind);
    }
}
