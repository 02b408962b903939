using System.Threading.RateLimiting;

namespace AsyncLab.Resources;

/// <summary>
/// Replenishes a watched limiter at each period boundary of the lab's clock, counted from when the lab began to watch
/// it (for <c>lab.TokenBucket</c> and friends: when it was made), but only while that can change something.
/// </summary>
/// <remarks>
/// <para>An automatic limiter's timer fires every period for as long as the limiter lives. In virtual time such a timer
/// would move the clock forever: a run whose tasks wait for something that never comes would never be found stuck.
/// So the schedule stops its timer when the limiter has every permit and no request is queued (another period could
/// change nothing then), and starts it again when a request takes a permit or has to queue. The boundaries it skipped
/// while stopped are the ones an automatic limiter would have spent on a full bucket, doing nothing.</para>
/// <para>Before each request the schedule first performs any boundary that is due by now (<see cref="CatchUp"/>): a
/// request at the very instant of a boundary sees that boundary's replenishment, whichever timer the clock fires
/// first, and on the real clock a request just after a late timer tick sees it too.</para>
/// </remarks>
internal sealed class ReplenishSchedule : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly LimiterDriver _driver;
    private readonly RateLimiter _limiter;
    private readonly Action _replenished;
    private readonly Action? _beforeReplenishing;
    private readonly long _origin;
    private readonly long _period;
    private readonly ITimer _timer;
    private long _boundariesDone;
    private bool _running;
    private bool _disposed;
    private long _idleSince;

    /// <param name="time">The lab's clock.</param>
    /// <param name="limiter">The limiter replenished (its statistics say when it is full).</param>
    /// <param name="driver">How to replenish it by one period.</param>
    /// <param name="period">Its replenishment period; longer than zero.</param>
    /// <param name="replenished">Called after each replenishment, to record the permits.</param>
    /// <param name="beforeReplenishing">Called before each replenishment (the limiter is still as it was).</param>
    public ReplenishSchedule(TimeProvider time, RateLimiter limiter, LimiterDriver driver, TimeSpan period, Action replenished, Action? beforeReplenishing = null)
    {
        _time = time;
        _limiter = limiter;
        _driver = driver;
        _period = period.Ticks;
        _replenished = replenished;
        _beforeReplenishing = beforeReplenishing;
        _origin = _idleSince = time.GetTimestamp();
        // The callback must not carry the creating task's AsyncLocals (a tracked task) into the clock's thread.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static state => ((ReplenishSchedule)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>True while the timer is set for the next boundary.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>How long the limiter has had every permit and no request queued, on the lab's clock; null while it has not.</summary>
    public TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _running || _disposed ? null : _time.GetElapsedTime(_idleSince);
            }
        }
    }

    /// <summary>Performs every boundary due by now that has not been performed yet. Call it before each request.</summary>
    public void CatchUp()
    {
        lock (_lock)
        {
            CatchUpLocked();
        }
    }

    /// <summary>Starts the timer if the limiter is below full or has a request queued. Call it after each request.</summary>
    public void Wake()
    {
        lock (_lock)
        {
            if (_disposed || _running || IsFullAndIdle())
            {
                return;
            }
            _running = true;
            _boundariesDone = BoundaryNow();
            SetTimer();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _running = false;
            _timer.Dispose();
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            CatchUpLocked();
            if (_running)
            {
                SetTimer();
            }
        }
    }

    private void CatchUpLocked()
    {
        if (_disposed)
        {
            return;
        }
        var now = BoundaryNow();
        if (!_running)
        {
            // Stopped means full with nobody queued: the boundaries since then would have changed nothing.
            _boundariesDone = now;
            return;
        }
        try
        {
            while (_boundariesDone < now)
            {
                _boundariesDone++;
                _beforeReplenishing?.Invoke();
                _driver.ReplenishOnePeriod();
                _replenished();
                if (IsFullAndIdle())
                {
                    _boundariesDone = now;
                    Stop();
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The limiter was disposed under the lab (through its own variable): nothing left to replenish. A timer
            // callback must not throw, on the real clock it would end the process.
            Stop();
            _disposed = true;
        }
    }

    private void Stop()
    {
        _running = false;
        _idleSince = _time.GetTimestamp();
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many boundaries have passed since the origin (a boundary at this very instant counts as passed).</summary>
    private long BoundaryNow() => _time.GetElapsedTime(_origin).Ticks / _period;

    private void SetTimer()
    {
        var due = TimeSpan.FromTicks((_boundariesDone + 1) * _period) - _time.GetElapsedTime(_origin);
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private bool IsFullAndIdle()
    {
        var statistics = _limiter.GetStatistics();
        return statistics is null || (statistics.CurrentAvailablePermits >= _driver.Capacity && statistics.CurrentQueuedCount == 0);
    }
}
