using System.Collections.Concurrent;

namespace AsyncLab.Time;

/// <summary>
/// A single-threaded event loop, much like asyncio's: continuations posted to it run one at a time, in order,
/// on the thread that called <see cref="Run"/>. When nothing is left to run, the loop moves the virtual clock
/// to the next due timer. If nothing is queued and no timer is due, no code can ever make progress again,
/// and the loop says so instead of hanging.
/// </summary>
internal sealed class VirtualLoop : SynchronizationContext
{
    /// <summary>How long the loop waits for work posted from other threads before it calls the run stuck.</summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(2);

    private const int QuietChecksBeforeTimeMoves = 4;

    // Unrelated work in the host's thread pool can keep the completed count low; never wait on it for longer.
    private const int MaxWaitForPoolMilliseconds = 250;

    // Every piece of code that belongs to a run carries this value in its execution context. When a thread other
    // than the loop's starts or stops running such code (a library continuation that used ConfigureAwait(false),
    // as ChannelReader.ReadAllAsync does), the handler counts it, so the loop knows work is still in flight.
    private static readonly AsyncLocal<VirtualLoop?> RunOwner = new(OnOwnerChanged);

    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly VirtualClock _clock;
    private int _loopThread;
    private int _busyElsewhere;
    private int _fewestProcessing = int.MaxValue;

    public VirtualLoop(VirtualClock clock) => _clock = clock;

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("The lab's virtual-time loop does not support synchronous Send; use await.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="scenario"/> to completion in virtual time and returns its task (completed).</summary>
    public Task Run(Func<Task> scenario, Func<string> describeWaiting, CancellationToken stop)
    {
        var previous = Current;
        var previousOwner = RunOwner.Value;
        _loopThread = Environment.CurrentManagedThreadId;
        SetSynchronizationContext(this);
        RunOwner.Value = this;
        try
        {
            Task root;
            try
            {
                root = scenario();
            }
            catch (Exception ex)
            {
                return Task.FromException(ex);
            }
            while (!root.IsCompleted)
            {
                stop.ThrowIfCancellationRequested();
                if (_queue.TryTake(out var work))
                {
                    work.Callback(work.State);
                    continue;
                }
                if (WaitForWorkElsewhere())
                {
                    continue;
                }
                if (_clock.AdvanceToNextTimer())
                {
                    continue;
                }
                // Nothing to run and no timer due: only work from another thread can still arrive.
                if (_queue.TryTake(out work, (int)StuckAfter.TotalMilliseconds, stop))
                {
                    work.Callback(work.State);
                    continue;
                }
                if (!root.IsCompleted)
                {
                    throw new LabStuckException(
                        $"The run is stuck at {_clock.Now.TotalSeconds:0.###} s of virtual time: every task is waiting for something " +
                        $"that nothing will ever do (no timer is due and no code is ready to run). {describeWaiting()} " +
                        "A semaphore slot that was never released, or a channel that was never completed, does this. " +
                        "Release in a finally block, complete the writer, or wait with a timeout.");
                }
            }
            // Let continuations of the root (such as the caller's own awaits) drain before leaving the loop.
            while (_queue.TryTake(out var rest))
            {
                rest.Callback(rest.State);
            }
            return root;
        }
        finally
        {
            RunOwner.Value = previousOwner;
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>
    /// Before the clock may move, code of this run that hopped to the thread pool must finish or post back.
    /// Returns true as soon as something was posted to the loop; false once the run is quiet everywhere.
    /// </summary>
    private bool WaitForWorkElsewhere()
    {
        // Quiet means: no thread runs this run's code, no work item is queued, every item that was queued when the
        // loop fell idle has finished, and no more pool threads are processing work than the fewest seen during
        // this run (a thread that has just taken the run's continuation counts as processing before it runs it).
        var mustComplete = ThreadPool.CompletedWorkItemCount + ThreadPool.PendingWorkItemCount;
        var quietChecks = 0;
        var round = 0;
        var started = Environment.TickCount64;
        while (quietChecks < QuietChecksBeforeTimeMoves)
        {
            if (_queue.Count > 0)
            {
                return true;
            }
            var processing = ThreadsProcessingWork();
            _fewestProcessing = Math.Min(_fewestProcessing, processing);
            var patient = Environment.TickCount64 - started < MaxWaitForPoolMilliseconds;
            var busy = Volatile.Read(ref _busyElsewhere) > 0
                || ThreadPool.PendingWorkItemCount > 0
                || (patient && ThreadPool.CompletedWorkItemCount < mustComplete)
                || (patient && processing > _fewestProcessing);
            quietChecks = busy ? 0 : quietChecks + 1;
            // Give the CPU away for real: the thread that carries the run's code may be waiting for a core.
            if (++round < 8)
            {
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(round < 16 ? 0 : 1);
            }
        }
        return _queue.Count > 0;
    }

    private static int ThreadsProcessingWork()
    {
        ThreadPool.GetMaxThreads(out var max, out _);
        ThreadPool.GetAvailableThreads(out var available, out _);
        return max - available;
    }

    private static void OnOwnerChanged(AsyncLocalValueChangedArgs<VirtualLoop?> change)
    {
        if (!change.ThreadContextChanged)
        {
            return;
        }
        if (change.CurrentValue is { } entering && entering._loopThread != Environment.CurrentManagedThreadId)
        {
            Interlocked.Increment(ref entering._busyElsewhere);
        }
        if (change.PreviousValue is { } leaving && leaving._loopThread != Environment.CurrentManagedThreadId)
        {
            Interlocked.Decrement(ref leaving._busyElsewhere);
        }
    }
}
