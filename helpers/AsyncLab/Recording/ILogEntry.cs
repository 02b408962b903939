namespace AsyncLab.Recording;

/// <summary>An item of a <see cref="ChunkedLog{T}"/>: it says itself whether its slot has been written yet.</summary>
internal interface ILogEntry<T> where T : struct
{
    /// <summary>True once a writer has filled the slot completely.</summary>
    static abstract bool IsWritten(ref readonly T slot);

    /// <summary>Fills the slot with <paramref name="item"/> so that <see cref="IsWritten"/> turns true only after every field is in place.</summary>
    static abstract void Publish(ref T slot, in T item);
}
