namespace AsyncLab.Time;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told to. It keeps every timer in a queue ordered
/// by due time and then by creation order, so timers due at the same instant fire in the order they were
/// scheduled, as asyncio's event loop does.
/// </summary>
internal sealed class VirtualClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, long Sequence)> _timers = new();
    private long _now;
    private long _sequence;

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(Volatile.Read(ref _now));

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public TimeSpan Now => TimeSpan.FromTicks(Volatile.Read(ref _now));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>When the next timer is due, if any is scheduled.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_lock)
            {
                DropCanceledHead();
                return _timers.TryPeek(out _, out var key) ? TimeSpan.FromTicks(key.Due) : null;
            }
        }
    }

    /// <summary>
    /// Moves the clock to the next due timer and fires every timer due then, in scheduling order.
    /// Returns false when no timer is scheduled.
    /// </summary>
    public bool AdvanceToNextTimer()
    {
        VirtualTimer? timer;
        lock (_lock)
        {
            DropCanceledHead();
            if (!_timers.TryDequeue(out timer, out var key))
            {
                return false;
            }
            // A timer can be overdue when the loop was kept busy (lab.Compute): it fires late, the clock never goes back.
            Volatile.Write(ref _now, Math.Max(_now, key.Due));
            timer.Scheduled = null;
        }
        timer.Fire();
        return true;
    }

    /// <summary>Moves the clock forward by <paramref name="duration"/> without firing timers (the loop is busy).</summary>
    public void Spend(TimeSpan duration)
    {
        lock (_lock)
        {
            Volatile.Write(ref _now, _now + duration.Ticks);
        }
    }

    internal void Schedule(VirtualTimer timer, TimeSpan dueTime)
    {
        lock (_lock)
        {
            var key = (Due: _now + Math.Max(0, dueTime.Ticks), Sequence: _sequence++);
            timer.Scheduled = key;
            _timers.Enqueue(timer, key);
        }
    }

    internal void Unschedule(VirtualTimer timer)
    {
        lock (_lock)
        {
            timer.Scheduled = null;
        }
    }

    private void DropCanceledHead()
    {
        while (_timers.TryPeek(out var head, out var key) && head.Scheduled != key)
        {
            _timers.Dequeue();
        }
    }

    internal sealed class VirtualTimer : ITimer
    {
        private readonly VirtualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public (long Due, long Sequence)? Scheduled { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }
            _clock.Unschedule(this);
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _clock.Schedule(this, dueTime);
            }
            return true;
        }

        public void Fire()
        {
            if (_disposed)
            {
                return;
            }
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                _clock.Schedule(this, _period);
            }
            _callback(_state);
        }

        public void Dispose()
        {
            _disposed = true;
            _clock.Unschedule(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
