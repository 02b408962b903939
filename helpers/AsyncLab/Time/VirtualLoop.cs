using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace AsyncLab.Time;

/// <summary>
/// A single-threaded event loop, much like asyncio's: work posted to it runs one piece at a time, in order, on the
/// thread that called <see cref="Run"/>. The clock moves to the next due timer only when the run is quiet everywhere:
/// nothing is queued on the loop, no thread-pool item that the run queued is still waiting to start, and no other
/// thread is running the run's code.
/// </summary>
/// <remarks>
/// <para>How the loop knows. It is both the <see cref="SynchronizationContext"/> and the <see cref="TaskScheduler"/>
/// of the run, so awaits, <c>Task.Factory.StartNew</c>, <c>Task.Yield</c> and <c>Parallel.ForEachAsync</c> with
/// <see cref="ParallelOptions"/> all come back to it. Code that leaves for the thread pool anyway (<c>Task.Run</c>, a
/// library continuation after <c>ConfigureAwait(false)</c>) is counted in one number, <c>_outstanding</c>: +1 when an
/// item is queued by the run's code (<see cref="PoolWatch"/> sees it queued), handed over to the thread that takes it
/// (a lease, kept until that thread's execution context changes), and from then on counted as long as that thread runs
/// with this run's execution context (an <see cref="AsyncLocal{T}"/> whose change handler sees every switch). Every
/// hand-over adds before it subtracts, so the count never touches zero while work is in flight.</para>
/// <para>What it cannot follow: waits on the real clock (<c>Task.Delay</c> without <c>lab.Time</c>,
/// <c>WaitAsync(TimeSpan)</c>), threads the code starts itself, and pool items that are run inline by a blocking wait
/// before a pool thread takes them. The first shows up as work arriving from outside the run and is reported as a
/// warning on the timeline; the others are rare in lessons.</para>
/// </remarks>
internal sealed class VirtualLoop : SynchronizationContext
{
    /// <summary>How long a run may sit with nothing to do and nothing due before it is called stuck.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long other threads may run the run's code without any progress before the loop gives up.</summary>
    public static readonly TimeSpan BlockedAfter = TimeSpan.FromSeconds(5);

    private static readonly AsyncLocal<VirtualLoop?> RunOwner = new(static _ => Recount());
    private static readonly AsyncLocal<VirtualLoop?> PoolLease = new(static _ => Recount());

    // The loop this thread is counted for (running the run's code, or holding a lease), and the lease it holds.
    [ThreadStatic] private static VirtualLoop? t_countedFor;
    [ThreadStatic] private static VirtualLoop? t_lease;

    private readonly ConcurrentQueue<Task> _queue = new();
    private readonly ConcurrentDictionary<int, string> _threadsInRun = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly VirtualClock _clock;
    private readonly Func<string?> _currentTaskName;
    private readonly LoopScheduler _scheduler;
    private readonly PoolWatch? _poolWatch;
    private int _loopThread = -1;
    private long _outstanding;
    private long _progress;
    private volatile bool _running;
    private volatile string? _outsideWork;

    public VirtualLoop(VirtualClock clock, Func<string?> currentTaskName)
    {
        _clock = clock;
        _currentTaskName = currentTaskName;
        _scheduler = new LoopScheduler(this);
        var watch = PoolWatch.Instance;
        _poolWatch = watch.CheckAvailable() ? watch : null;
    }

    /// <summary>Set when code of the run was resumed by something outside the run (the real clock, another thread).</summary>
    public string? OutsideWork => _outsideWork;

    /// <summary>The run that the code on this thread belongs to, if any.</summary>
    public static VirtualLoop? OwnerOfCurrentCode() => RunOwner.Value is { _running: true } loop ? loop : null;

    public override void Post(SendOrPostCallback d, object? state)
    {
        var work = new Task(static s => ((PostedWork)s!).Invoke(), new PostedWork(d, state));
        work.Start(_scheduler);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("The lab's virtual-time loop does not support synchronous Send; use await.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="scenario"/> to completion in virtual time and returns its task (completed).</summary>
    /// <param name="scenario">The run's code.</param>
    /// <param name="describeOpenTasks">Names the tracked tasks that have not ended, for the stuck message.</param>
    /// <param name="stop">The host's stop signal.</param>
    public Task Run(Func<Task> scenario, Func<string> describeOpenTasks, CancellationToken stop)
    {
        var previousContext = Current;
        var previousOwner = RunOwner.Value;
        _loopThread = Environment.CurrentManagedThreadId;
        _running = true;
        SetSynchronizationContext(this);
        RunOwner.Value = this;
        using var wakeOnStop = stop.Register(static s => ((VirtualLoop)s!).Wake(), this);
        var realTimersAtStart = Timer.ActiveCount;
        try
        {
            var start = new Task<Task>(scenario);
            start.RunSynchronously(_scheduler);
            if (start.IsFaulted)
            {
                return Task.FromException(start.Exception!.InnerException!);
            }
            var root = start.Result;
            var lastProgress = Environment.TickCount64;
            var seenProgress = Volatile.Read(ref _progress);
            while (!root.IsCompleted)
            {
                ThrowIfStopped(stop);
                if (RunNext())
                {
                    lastProgress = Environment.TickCount64;
                    continue;
                }
                if (Interlocked.Read(ref _outstanding) > 0 || (_poolWatch is null && PoolLooksBusy()))
                {
                    // Another thread runs the run's code, or an item it queued waits for a pool thread.
                    var progress = Volatile.Read(ref _progress);
                    if (progress != seenProgress)
                    {
                        (seenProgress, lastProgress) = (progress, Environment.TickCount64);
                    }
                    else if (Environment.TickCount64 - lastProgress > BlockedAfter.TotalMilliseconds && !ForgetStaleItems())
                    {
                        throw new LabStuckException(DescribeBlocked(describeOpenTasks));
                    }
                    _wake.Wait(10);
                    continue;
                }
                if (FireNextTimer())
                {
                    lastProgress = Environment.TickCount64;
                    continue;
                }
                // Nothing to run, nothing in flight, no timer due: only work from outside the run can still arrive.
                if (Environment.TickCount64 - lastProgress < StuckAfter.TotalMilliseconds)
                {
                    _wake.Wait(20);
                    continue;
                }
                throw new LabStuckException(DescribeStuck(describeOpenTasks, realTimers: Timer.ActiveCount > realTimersAtStart));
            }
            // Let continuations of the root (such as the caller's own awaits) drain before leaving the loop.
            while (RunNext())
            {
            }
            return root;
        }
        finally
        {
            _running = false;
            _poolWatch?.Forget(this);
            RunOwner.Value = previousOwner;
            SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>
    /// Moves the clock to the next timer and fires it inside a task of the loop, so the code it resumes in place sees
    /// the loop as <see cref="TaskScheduler.Current"/>, as it would had it been queued.
    /// </summary>
    private bool FireNextTimer()
    {
        var fire = new Task<bool>(static clock => ((VirtualClock)clock!).AdvanceToNextTimer(), _clock);
        fire.RunSynchronously(_scheduler);
        return fire.Result;
    }

    /// <summary>Called by <see cref="PoolWatch"/> on the thread that queues a pool item for this run.</summary>
    internal void ItemQueued() => Interlocked.Increment(ref _outstanding);

    /// <summary>Called by <see cref="PoolWatch"/> on the pool thread that takes an item this run queued.</summary>
    internal void ItemTaken()
    {
        // The thread holds a lease until its execution context changes: either it switches to the item's own context
        // (which carries this run, so it stays counted) or the pool resets it after the item.
        t_lease = this;
        PoolLease.Value = this;
        Release();
    }

    private void Enqueue(Task work)
    {
        var thread = Environment.CurrentManagedThreadId;
        if (thread != _loopThread && t_countedFor != this && _running)
        {
            NoteOutsideWork();
        }
        Interlocked.Increment(ref _outstanding);
        _queue.Enqueue(work);
        Wake();
    }

    private bool RunNext()
    {
        if (!_queue.TryDequeue(out var work))
        {
            return false;
        }
        Interlocked.Decrement(ref _outstanding);
        Interlocked.Increment(ref _progress);
        _scheduler.Execute(work);
        if (work.IsFaulted && work.AsyncState is PostedWork)
        {
            // An exception thrown straight into the loop (an async void method) ends the run, as it would a program.
            ExceptionDispatchInfo.Capture(work.Exception!.InnerException!).Throw();
        }
        return true;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            Wake();
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private void NoteOutsideWork() =>
        _outsideWork ??= "This run waited on the real clock, so its virtual-time figures may not be exact: code of the run " +
            "was resumed from outside the lab's loop. The usual cause is Task.Delay without lab.Time (write lab.Delay(...) " +
            "or Task.Delay(t, lab.Time)); SemaphoreSlim.WaitAsync(TimeSpan) and Thread.Sleep wait on the real clock too.";

    /// <summary>
    /// Brings this thread's count up to date after its execution context changed: the thread counts for the run whose
    /// code it runs, or whose pool item it has just taken. It adds to the new run before it leaves the old one.
    /// </summary>
    private static void Recount()
    {
        var owner = RunOwner.Value;
        var countedFor = t_countedFor;
        if (t_lease is { } lease && PoolLease.Value != lease)
        {
            t_lease = null;
        }
        var now = owner is { _running: true } && owner._loopThread != Environment.CurrentManagedThreadId ? owner : t_lease;
        if (now == countedFor)
        {
            if (now is not null && now._currentTaskName() is { } name)
            {
                // The pool item this thread took has just switched to the run's context: now its task is known.
                now._threadsInRun[Environment.CurrentManagedThreadId] = name;
            }
            return;
        }
        if (now is null && countedFor is { _running: true } && Task.CurrentId is not null && Thread.CurrentThread.IsThreadPoolThread)
        {
            // A pool task that ran the run's code has finished its delegate, and the runtime has put the default context
            // back before it runs the task's continuations on this same thread: the run's code may come right back.
            // Hold a lease until the pool item ends, when the pool resets the context and this handler runs again.
            t_lease = countedFor;
            PoolLease.Value = countedFor;
            return;
        }
        if (now is not null)
        {
            if (now != t_lease && countedFor != now && now._poolWatch is not null)
            {
                now.NoteOutsideWork();
            }
            Interlocked.Increment(ref now._outstanding);
            Interlocked.Increment(ref now._progress);
            now._threadsInRun[Environment.CurrentManagedThreadId] = now._currentTaskName() ?? "";
        }
        t_countedFor = now;
        if (countedFor is not null)
        {
            countedFor._threadsInRun.TryRemove(Environment.CurrentManagedThreadId, out _);
            Interlocked.Increment(ref countedFor._progress);
            countedFor.Release();
        }
    }

    /// <summary>Items thought to be queued while the pool's queues are empty were run inline elsewhere: forget them.</summary>
    private bool ForgetStaleItems()
    {
        if (_poolWatch is null || _poolWatch.PendingFor(this) == 0 || ThreadPool.PendingWorkItemCount != 0)
        {
            return false;
        }
        Thread.Sleep(50);
        if (ThreadPool.PendingWorkItemCount != 0)
        {
            return false;
        }
        var forgotten = _poolWatch.Forget(this);
        for (var i = 0; i < forgotten; i++)
        {
            Release();
        }
        return forgotten > 0;
    }

    /// <summary>Without <see cref="PoolWatch"/>: a short look at the pool's counters, the best that can be done.</summary>
    private static bool PoolLooksBusy()
    {
        var completed = ThreadPool.CompletedWorkItemCount;
        for (var i = 0; i < 4; i++)
        {
            if (ThreadPool.PendingWorkItemCount > 0)
            {
                Thread.Sleep(1);
                return ThreadPool.CompletedWorkItemCount == completed || ThreadPool.PendingWorkItemCount > 0;
            }
            Thread.Yield();
        }
        return false;
    }

    private void ThrowIfStopped(CancellationToken stop)
    {
        if (!stop.IsCancellationRequested)
        {
            return;
        }
        // Only tracked tasks are named: a thread that merely carries the run's context at this instant (a cancellation
        // callback of the stop itself) says nothing useful.
        var busy = _threadsInRun.Values.Where(name => name.Length > 0).Select(name => $"'{name}'").Distinct().ToArray();
        var message = $"Stopped at {_clock.Now.TotalSeconds:0.###} s of virtual time." + (busy.Length == 0
            ? ""
            : $" Still running on other threads, and left to finish on their own: {string.Join(", ", busy)}.");
        throw new OperationCanceledException(message, stop);
    }

    private string DescribeStuck(Func<string> describeOpenTasks, bool realTimers)
    {
        var text = $"The run is stuck at {_clock.Now.TotalSeconds:0.###} s of virtual time: no timer is due, no code is " +
            $"ready to run, and nothing has happened for {StuckAfter.TotalSeconds:0} s. {describeOpenTasks()} ";
        if (_outsideWork is null && realTimers)
        {
            return text + "Real-clock timers were started while it ran: it most likely waits on the real clock (Task.Delay " +
                "without lab.Time, or WaitAsync(TimeSpan)), which virtual time cannot follow. Give every wait the lab's " +
                "clock: lab.Delay(...) or Task.Delay(t, lab.Time).";
        }
        return _outsideWork is not null
            ? text + "This run waited on the real clock before (Task.Delay without lab.Time, or WaitAsync(TimeSpan)): a real " +
                "wait may still be under way. Give every wait the lab's clock: lab.Delay(...) or Task.Delay(t, lab.Time)."
            : text + "Every task waits for something no code will do: a semaphore slot that was never released, or a channel " +
                "writer that was never completed, does this. Release in a finally block, complete the writer, or wait with " +
                "a timeout on the lab's clock. (A wait on the real clock, such as Task.Delay without lab.Time, also looks like this.)";
    }

    private string DescribeBlocked(Func<string> describeOpenTasks)
    {
        var busy = _threadsInRun.Values.Select(name => name.Length == 0 ? "untracked code" : $"'{name}'").Distinct().ToArray();
        return $"The run is stuck at {_clock.Now.TotalSeconds:0.###} s of virtual time: for {BlockedAfter.TotalSeconds:0} s, " +
            $"other threads ran its code ({(busy.Length == 0 ? "items queued to the thread pool" : string.Join(", ", busy))}) " +
            "without letting the clock move. Virtual time stands still while code runs: a thread that blocks (Thread.Sleep, " +
            ".Result, .Wait()) waits for a clock that cannot move. Use await, lab.Block(...) or lab.Compute(...) instead. " +
            describeOpenTasks();
    }

    private sealed record PostedWork(SendOrPostCallback Callback, object? State)
    {
        public void Invoke() => Callback(State);
    }

    /// <summary>The loop as a task scheduler, so <see cref="TaskScheduler.Current"/> inside a run is the loop.</summary>
    private sealed class LoopScheduler(VirtualLoop loop) : TaskScheduler
    {
        // One thread, but awaiting work interleaves on it: Parallel.ForEachAsync caps its workers at this number, so it
        // must not say 1.
        public override int MaximumConcurrencyLevel => int.MaxValue;

        public void Execute(Task task) => TryExecuteTask(task);

        protected override void QueueTask(Task task) => loop.Enqueue(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
            !taskWasPreviouslyQueued && Environment.CurrentManagedThreadId == loop._loopThread && TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => loop._queue.ToArray();
    }
}
