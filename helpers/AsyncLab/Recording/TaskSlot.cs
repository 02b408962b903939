namespace AsyncLab.Recording;

/// <summary>
/// What the recorder keeps per tracked task: its name, its lane if one was given, its state, and the last failure the
/// lab saw in its work (kept here rather than in a shared dictionary, so the hot path touches only the task's own slot).
/// </summary>
internal struct TaskSlot : ILogEntry<TaskSlot>
{
    public const int Waiting = 0, Working = 1, Ended = 2;

    /// <summary>Never null once the slot is written: it is written last, so it also says that the slot is ready.</summary>
    public string Name;
    public string? Lane;

    /// <summary>The state in the low 2 bits, the number of segments begun so far above them; changed with Interlocked.</summary>
    public long State;

    /// <summary>The error of a lab operation of the task that threw, until a later one succeeds or the task ends.</summary>
    public Exception? LastFailure;

    public static int StateOf(long packed) => (int)(packed & 3);

    public static int SegmentsOf(long packed) => (int)(packed >> 2);

    public static long Pack(int state, int segments) => ((long)segments << 2) | (uint)state;

    public static bool IsWritten(ref readonly TaskSlot slot) => Volatile.Read(in slot.Name) is not null;

    public static void Publish(ref TaskSlot slot, in TaskSlot item)
    {
        slot.Lane = item.Lane;
        slot.State = item.State;
        slot.LastFailure = item.LastFailure;
        Volatile.Write(ref slot.Name, item.Name);
    }
}
