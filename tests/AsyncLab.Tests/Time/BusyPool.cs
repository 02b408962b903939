using System.Diagnostics;

namespace AsyncLab.Tests.Time;

/// <summary>
/// A background load that keeps the thread pool busy, the way a test host or a notebook kernel does: from
/// <see cref="StartAsync"/> until it is disposed, at least 2 × <see cref="Environment.ProcessorCount"/> work items are
/// always queued or running, and each blocks its pool thread for 50 ms with <see cref="Thread.Sleep(int)"/>. Code that
/// hops to the pool (a <c>ConfigureAwait(false)</c> continuation, <c>Task.Run</c>, a channel waking its reader) then
/// waits in line behind them, so a virtual-time loop that does not wait for such hops moves its clock too early.
/// </summary>
/// <example>
/// <code>
/// await using var load = await BusyPool.StartAsync();
/// // ... runs that must come out the same with the pool busy ...
/// </code>
/// </example>
[DebuggerDisplay("BusyPool: {WorkItems} items, {Completed} done, stopping = {IsStopping}")]
internal sealed class BusyPool : IAsyncDisposable
{
    /// <summary>How long each work item blocks its thread.</summary>
    public const int BlockMilliseconds = 50;

    private readonly SemaphoreSlim _freeSlots;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _feeder;
    private int _inFlight;
    private int _stopping;
    private long _completed;

    private BusyPool(int workItems)
    {
        WorkItems = workItems;
        _freeSlots = new SemaphoreSlim(workItems, workItems);
        // A dedicated thread queues the work, so the load keeps coming however starved the pool itself is.
        _feeder = new Thread(Feed) { IsBackground = true, Name = "BusyPool feeder" };
    }

    /// <summary>How many work items are kept queued or running at any moment.</summary>
    public int WorkItems { get; }

    /// <summary>How many work items have finished blocking so far: proof that the pool really was busy.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>True once <see cref="Stop"/> or <see cref="DisposeAsync"/> was called.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>
    /// Starts the load and returns once every slot has blocked a pool thread at least once, so the pool is
    /// already busy when the caller goes on.
    /// </summary>
    /// <param name="workItems">Items kept in flight; at least 2 × the processor count (the default).</param>
    public static async Task<BusyPool> StartAsync(int? workItems = null)
    {
        var minimum = 2 * Environment.ProcessorCount;
        var count = workItems ?? minimum;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, minimum, nameof(workItems));
        var pool = new BusyPool(count);
        pool._feeder.Start();
        while (pool.Completed < count)
        {
            await Task.Delay(BlockMilliseconds / 5);
        }
        return pool;
    }

    /// <summary>Stops queuing new work items (the ones in flight finish on their own). Safe to call more than once, from any thread.</summary>
    public void Stop()
    {
        // Interlocked, not a plain write: a work item that finishes must see the flag once it has left _inFlight.
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _stop.Cancel();
        }
    }

    /// <summary>Stops the load and waits until every work item it queued has finished.</summary>
    public async ValueTask DisposeAsync()
    {
        Stop();
        await Task.Run(_feeder.Join);
        if (Volatile.Read(ref _inFlight) > 0)
        {
            await _drained.Task;
        }
        _stop.Dispose();
        _freeSlots.Dispose();
    }

    private void Feed()
    {
        try
        {
            while (true)
            {
                _freeSlots.Wait(_stop.Token);
                Interlocked.Increment(ref _inFlight);
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.Block(), this, preferLocal: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Block()
    {
        Thread.Sleep(BlockMilliseconds);
        Interlocked.Increment(ref _completed);
        if (!IsStopping)
        {
            _freeSlots.Release();
        }
        // Leaving _inFlight last: once it reaches zero after Stop, DisposeAsync may dispose the semaphore.
        if (Interlocked.Decrement(ref _inFlight) == 0 && IsStopping)
        {
            _drained.TrySetResult();
        }
    }
}
