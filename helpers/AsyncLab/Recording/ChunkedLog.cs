using System.Diagnostics;

namespace AsyncLab.Recording;

/// <summary>
/// An append-only list that many threads write to at once without a lock: each writer claims an index with
/// one interlocked increment and fills its own slot, writing last the field that tells a written slot from an empty
/// one (a release store, so writers share no second counter and no flag array). Chunks are never moved, so readers
/// after a freeze see every slot. Memory grows in chunks of 64K items.
/// </summary>
internal sealed class ChunkedLog<T> where T : struct, ILogEntry<T>
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private Chunk?[] _chunks = new Chunk?[16];
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
        var chunk = ChunkFor((int)index);
        var offset = (int)index & ChunkMask;
        T.Publish(ref chunk.Items[offset], in item);
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
            var chunks = Volatile.Read(ref _chunks);
            while (_settled < count)
            {
                var chunkIndex = _settled >> ChunkBits;
                if (chunkIndex >= chunks.Length)
                {
                    chunks = Volatile.Read(ref _chunks);
                    if (chunkIndex >= chunks.Length)
                    {
                        return false;
                    }
                }
                if (Volatile.Read(ref chunks[chunkIndex]) is not { } chunk || !T.IsWritten(ref chunk.Items[_settled & ChunkMask]))
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
        return ref _chunks[index >> ChunkBits]!.Items[index & ChunkMask];
    }

    private Chunk ChunkFor(int index)
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
                var bigger = new Chunk?[Math.Max(chunks.Length * 2, chunkIndex + 1)];
                Array.Copy(chunks, bigger, chunks.Length);
                Volatile.Write(ref _chunks, bigger);
                chunks = bigger;
            }
            if (chunks[chunkIndex] is not { } chunk)
            {
                chunk = new Chunk();
                Volatile.Write(ref chunks[chunkIndex], chunk);
            }
            return chunk;
        }
    }

    /// <summary>One chunk of slots.</summary>
    private sealed class Chunk
    {
        public readonly T[] Items = new T[ChunkSize];
    }
}
