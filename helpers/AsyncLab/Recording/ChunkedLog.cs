using System.Diagnostics;
using System.Numerics;

namespace AsyncLab.Recording;

/// <summary>
/// An append-only list that many threads write to at once without a lock: each writer claims an index with
/// one interlocked increment and fills its own slot, writing last the field that tells a written slot from an empty
/// one (a release store, so writers share no second counter and no flag array). Chunks are never moved, so readers
/// after a freeze see every slot. The first chunk holds 256 items and each next one twice as many, up to 64K items a
/// chunk: a run of ten tasks takes a few kilobytes, a run of a million takes no more chunks than it needs.
/// </summary>
internal sealed class ChunkedLog<T> where T : struct, ILogEntry<T>
{
    private const int FirstChunkBits = 8;
    private const int LastChunkBits = 16;
    /// <summary>The chunks that double: 256, 512, ... 32K items.</summary>
    private const int GrowingChunks = LastChunkBits - FirstChunkBits;
    /// <summary>How many items the doubling chunks hold together (65,280).</summary>
    private const int GrowingItems = (1 << LastChunkBits) - (1 << FirstChunkBits);
    private const int LastChunkMask = (1 << LastChunkBits) - 1;

    private T[]?[] _chunks = new T[]?[16];
    private readonly Lock _grow = new();
    private long _claimed;

    /// <summary>Slots below this index are known to be written (only the freezing thread moves it).</summary>
    private int _settled;

    public int Count => (int)Math.Min(Volatile.Read(ref _claimed), int.MaxValue);

    public int Add(in T item)
    {
        var index = Interlocked.Increment(ref _claimed) - 1;
        if (index >= int.MaxValue)
        {
            throw new InvalidOperationException("The recorder is full (over 2 billion entries). Record fewer events per run.");
        }
        var (chunk, offset) = Locate((int)index);
        T.Publish(ref ChunkAt(chunk)[offset], in item);
        return (int)index;
    }

    /// <summary>
    /// True once every claimed slot has been written (no writer is half way through <see cref="Add"/>). Called by one
    /// thread at a time (the one freezing); each call goes on from where the last one stopped, so waiting is linear.
    /// </summary>
    public bool IsSettled
    {
        get
        {
            var count = Count;
            while (_settled < count)
            {
                var (chunkIndex, offset) = Locate(_settled);
                var chunks = Volatile.Read(ref _chunks);
                if (chunkIndex >= chunks.Length || Volatile.Read(ref chunks[chunkIndex]) is not { } chunk || !T.IsWritten(ref chunk[offset]))
                {
                    return false;
                }
                _settled++;
            }
            return true;
        }
    }

    public T this[int index] => Slot(index);

    /// <summary>The slot itself, so a field of it can be changed in place (with Interlocked).</summary>
    public ref T Slot(int index)
    {
        Debug.Assert(index < Count);
        var (chunk, offset) = Locate(index);
        return ref _chunks[chunk]![offset];
    }

    /// <summary>Which chunk holds <paramref name="index"/>, and where in it.</summary>
    private static (int Chunk, int Offset) Locate(int index)
    {
        if (index < GrowingItems)
        {
            // Chunk c starts at index 256 * (2^c - 1), so index + 256 has its highest bit at position c + 8.
            var shifted = index + (1 << FirstChunkBits);
            var bits = BitOperations.Log2((uint)shifted);
            return (bits - FirstChunkBits, shifted - (1 << bits));
        }
        var rest = index - GrowingItems;
        return (GrowingChunks + (rest >> LastChunkBits), rest & LastChunkMask);
    }

    private static int SizeOf(int chunk) => 1 << Math.Min(chunk + FirstChunkBits, LastChunkBits);

    private T[] ChunkAt(int chunkIndex)
    {
        var chunks = Volatile.Read(ref _chunks);
        if (chunkIndex < chunks.Length && Volatile.Read(ref chunks[chunkIndex]) is { } existing)
        {
            return existing;
        }
        lock (_grow)
        {
            chunks = _chunks;
            if (chunkIndex >= chunks.Length)
            {
                var bigger = new T[]?[Math.Max(chunks.Length * 2, chunkIndex + 1)];
                Array.Copy(chunks, bigger, chunks.Length);
                Volatile.Write(ref _chunks, bigger);
                chunks = bigger;
            }
            if (chunks[chunkIndex] is not { } chunk)
            {
                chunk = new T[SizeOf(chunkIndex)];
                Volatile.Write(ref chunks[chunkIndex], chunk);
            }
            return chunk;
        }
    }
}
