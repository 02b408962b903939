using System.Threading.RateLimiting;

namespace AsyncLab.Resources;

/// <summary>A lease from a watched limiter: the inner lease, and the permits recorded again when it is given back.</summary>
internal sealed class WatchedLease(RateLimitLease inner, WatchedRateLimiter limiter) : RateLimitLease
{
    private int _disposed;

    public override bool IsAcquired => inner.IsAcquired;

    public override IEnumerable<string> MetadataNames => inner.MetadataNames;

    public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

    public override IEnumerable<KeyValuePair<string, object?>> GetAllMetadata() => inner.GetAllMetadata();

    public override string ToString() => IsAcquired ? "lease (acquired)" : "lease (not acquired)";

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            inner.Dispose();
            // The three replenishing limiters take nothing back on release; a limiter of another kind may.
            limiter.Released();
        }
    }
}
