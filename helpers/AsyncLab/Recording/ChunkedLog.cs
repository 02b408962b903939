using System.Diagnostics;

namespace AsyncLab.Recording;

/// <summary>
/// An append-only list that many threads write to at once without a lock: each writer claims an index with
/// one interlocked increment and fills its own slot. Chunks are never moved, so readers after a freeze
/// see every slot. Memory grows in chunks of 64K items.
/// </summary>
internal sealed class ChunkedLog<T>
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private T[]?[] _chunks = new T[]?[16];
    private readonly Lock _grow = new();
    private long _claimed;
    private long _written;

    public int Count => (int)Math.Min(Volatile.Read(ref _claimed), int.MaxValue);

    public int Add(in T item)
    {
        var index = Interlocked.Increment(ref _claimed) - 1;
        if (index >= int.MaxValue)
        {
            throw new InvalidOperationException("The recorder is full (over 2 billion entries). Record fewer events per run.");
        }
        var chunk = ChunkFor((int)index);
        chunk[(int)index & ChunkMask] = item;
        Interlocked.Increment(ref _written);
        return (int)index;
    }

    /// <summary>True once every claimed slot has been written (no writer is half way through <see cref="Add"/>).</summary>
    public bool IsSettled => Volatile.Read(ref _written) == Volatile.Read(ref _claimed);

    public T this[int index] => Slot(index);

    /// <summary>The slot itself, so a field of it can be changed in place (with Interlocked).</summary>
    public ref T Slot(int index)
    {
        Debug.Assert(index < Count);
        return ref _chunks[index >> ChunkBits]![index & ChunkMask];
    }

    private T[] ChunkFor(int index)
    {
        var chunkIndex = index >> ChunkBits;
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
            return chunks[chunkIndex] ??= new T[ChunkSize];
        }
    }
}
