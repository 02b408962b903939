namespace AsyncLab;

/// <summary>What a watched resource is.</summary>
public enum ResourceKind
{
    /// <summary>A semaphore from <c>lab.Semaphore(slots, name)</c>: slots in use and tasks waiting for one.</summary>
    Semaphore,

    /// <summary>A channel from <c>lab.BoundedChannel</c>, <c>lab.UnboundedChannel</c> or <c>lab.Watch</c>: items in it, readers and writers held back.</summary>
    Channel,

    /// <summary>
    /// A rate limiter watched through AsyncLab.RateLimiting: <see cref="ResourceSeries.Level"/> is the permits available,
    /// <see cref="ResourceSeries.Waiting"/> the requests queued.
    /// </summary>
    RateLimiter,

    /// <summary>
    /// A real HTTP server from AsyncLab.Server: <see cref="ResourceSeries.Level"/> is the requests in flight,
    /// <see cref="ResourceSeries.Drops"/> the moments it refused one with 429 Too Many Requests, and
    /// <see cref="ResourceSeries.Capacity"/> its limit.
    /// </summary>
    Server,
}
