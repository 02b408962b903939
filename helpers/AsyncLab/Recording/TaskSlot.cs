namespace AsyncLab.Recording;

/// <summary>What the recorder keeps per tracked task: its name, its lane if one was given, and its state.</summary>
internal struct TaskSlot
{
    public const int Waiting = 0, Working = 1, Ended = 2;

    public string Name;
    public string? Lane;

    /// <summary>The state in the low 2 bits, the number of segments begun so far above them; changed with Interlocked.</summary>
    public long State;

    public static int StateOf(long packed) => (int)(packed & 3);

    public static int SegmentsOf(long packed) => (int)(packed >> 2);

    public static long Pack(int state, int segments) => ((long)segments << 2) | (uint)state;
}
