using System.Globalization;
using System.Threading.RateLimiting;
using AsyncLab.Recording;

namespace AsyncLab.Resources;

/// <summary>
/// A rate limiter the lab watches and replenishes on its own clock. Requests go to the inner limiter; after each request,
/// replenishment and release the lab records the inner limiter's own count of permits available, and each request that
/// has to queue is recorded as a wait of the tracked task that made it.
/// </summary>
internal sealed class WatchedRateLimiter : RateLimiter
{
    private readonly Lab _lab;
    private readonly ReplenishingRateLimiter _inner;
    private readonly ReplenishSchedule _schedule;
    private int _disposed;

    public WatchedRateLimiter(Lab lab, ReplenishingRateLimiter inner, LimiterDriver driver, string name)
    {
        _lab = lab;
        _inner = inner;
        Name = name;
        Capacity = driver.Capacity;
        // Seen by the run before a replenishment changes it, so a run that first meets it there starts from the old count.
        _schedule = new ReplenishSchedule(lab.Time, inner, driver, inner.ReplenishmentPeriod, Counted, () => Id(_lab.CurrentRecorder));
        // Made inside a run, the chart starts from the full count.
        Counted();
    }

    public string Name { get; }

    /// <summary>The permits when nothing is used: TokenLimit or PermitLimit.</summary>
    public int Capacity { get; }

    public ReplenishingRateLimiter Inner => _inner;

    /// <summary>True while the lab's replenishment timer is set (permits below full, or requests queued).</summary>
    internal bool IsReplenishing => _schedule.IsRunning;

    /// <summary>How long it has had every permit and no request queued, measured on the lab's clock.</summary>
    public override TimeSpan? IdleDuration => _schedule.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _inner.GetStatistics();

    public override string ToString()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return $"{Name}: disposed";
        }
        var statistics = _inner.GetStatistics();
        return statistics is null
            ? Name
            : string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {statistics.CurrentAvailablePermits} of {Capacity} {(Capacity == 1 ? "permit" : "permits")} available, {statistics.CurrentQueuedCount} queued");
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var (recorder, id, task) = Begin();
        _schedule.CatchUp();
        var lease = _inner.AttemptAcquire(permitCount);
        return Granted(lease, recorder, id, task);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var (recorder, id, task) = Begin();
        _schedule.CatchUp();
        var pending = _inner.AcquireAsync(permitCount, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<RateLimitLease>(Granted(pending.Result, recorder, id, task));
        }
        recorder.WriteResource(id, EventKind.ResourceWaitBegan, task);
        // Queued: the next boundaries must come.
        _schedule.Wake();
        return Queued(pending, recorder, id, task);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _schedule.Dispose();
            _inner.Dispose();
        }
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A lease was given back: a limiter of another kind may have its permit again.</summary>
    internal void Released()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Counted();
            _schedule.Wake();
        }
    }

    /// <summary>Records the inner limiter's own count of permits available.</summary>
    private void Counted()
    {
        var recorder = _lab.CurrentRecorder;
        if (_inner.GetStatistics() is { } statistics)
        {
            recorder.WriteResource(Id(recorder), EventKind.ChannelCounted, (int)Math.Min(int.MaxValue, statistics.CurrentAvailablePermits));
        }
    }

    private (Recorder Recorder, int Id, int Task) Begin()
    {
        var recorder = _lab.CurrentRecorder;
        return (recorder, Id(recorder), _lab.CurrentTaskId(recorder));
    }

    private int Id(Recorder recorder) => recorder.ResourceId(this, Name, ResourceKind.RateLimiter, Capacity,
        () => _inner.GetStatistics() is { } statistics ? (int)Math.Min(int.MaxValue, statistics.CurrentAvailablePermits) : 0);

    private RateLimitLease Granted(RateLimitLease lease, Recorder recorder, int id, int task)
    {
        if (!lease.IsAcquired)
        {
            // Turned away: the queue was full (or this request was pushed out of it under QueueProcessingOrder.NewestFirst).
            recorder.WriteResource(id, EventKind.ItemDropped, task);
        }
        Counted();
        _schedule.Wake();
        return new WatchedLease(lease, this);
    }

    private async ValueTask<RateLimitLease> Queued(ValueTask<RateLimitLease> pending, Recorder recorder, int id, int task)
    {
        RateLimitLease lease;
        try
        {
            lease = await pending;
        }
        catch (OperationCanceledException canceled)
        {
            recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
            _lab.NoteFailureOfCurrentTask(recorder, canceled);
            throw;
        }
        catch
        {
            recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
            throw;
        }
        recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
        return Granted(lease, recorder, id, task);
    }
}
