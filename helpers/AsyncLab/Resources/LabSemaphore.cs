using AsyncLab.Recording;

namespace AsyncLab;

/// <summary>
/// A <see cref="SemaphoreSlim"/> that the lab watches: the chart shows its slots in use and the tasks waiting for one,
/// and each waiting stretch of a task says "waiting for gate (3 slots)". Get one with <c>lab.Semaphore(3, "gate")</c>
/// and use it as always: <c>await gate.WaitAsync()</c>, then <c>gate.Release()</c> in a <c>finally</c>.
/// </summary>
/// <remarks>
/// <see cref="SemaphoreSlim"/> has no virtual methods and no events, so this type hides its waiting and releasing
/// methods with its own. They are recorded only when called on a <see cref="LabSemaphore"/>: code that receives the
/// gate as a plain <see cref="SemaphoreSlim"/> still limits the tasks, but the lab no longer sees its waits.
/// </remarks>
public sealed class LabSemaphore : SemaphoreSlim
{
    private readonly Lab _lab;

    internal LabSemaphore(Lab lab, int slots, string name)
        : base(slots)
    {
        _lab = lab;
        Name = name;
        Slots = slots;
    }

    /// <summary>The name shown on the chart.</summary>
    public string Name { get; }

    /// <summary>How many slots it started with.</summary>
    public int Slots { get; }

    /// <summary>Waits for a free slot without blocking a thread, and takes it.</summary>
    public new Task WaitAsync() => WaitAsync(CancellationToken.None);

    /// <summary>Waits for a free slot without blocking a thread, and takes it; the token gives up the wait.</summary>
    /// <param name="cancellationToken">Cancels the wait (the task is then marked canceled by the lab).</param>
    public new Task WaitAsync(CancellationToken cancellationToken) => Watch(base.WaitAsync(cancellationToken));

    /// <summary>Waits at most <paramref name="timeout"/> for a slot; true when it got one.</summary>
    /// <param name="timeout">How long to wait, on the real clock: virtual time cannot shorten it. Prefer a token from <c>new CancellationTokenSource(timeout, lab.Time)</c>.</param>
    public new Task<bool> WaitAsync(TimeSpan timeout) => Watch(base.WaitAsync(timeout));

    /// <summary>Waits at most <paramref name="timeout"/> for a slot, or until the token is canceled; true when it got one.</summary>
    /// <param name="timeout">How long to wait, on the real clock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public new Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => Watch(base.WaitAsync(timeout, cancellationToken));

    /// <summary>Waits at most <paramref name="millisecondsTimeout"/> for a slot; true when it got one.</summary>
    /// <param name="millisecondsTimeout">How long to wait, in milliseconds of the real clock.</param>
    public new Task<bool> WaitAsync(int millisecondsTimeout) => Watch(base.WaitAsync(millisecondsTimeout));

    /// <summary>Blocks the calling thread until a slot is free, and takes it. Prefer <see cref="WaitAsync()"/>.</summary>
    public new void Wait() => Watch(() => { base.Wait(); return true; });

    /// <summary>Blocks the calling thread until a slot is free or the token is canceled. Prefer <see cref="WaitAsync(CancellationToken)"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public new void Wait(CancellationToken cancellationToken) => Watch(() => { base.Wait(cancellationToken); return true; });

    /// <summary>Gives one slot back.</summary>
    /// <returns>How many slots were free before.</returns>
    public new int Release() => Release(1);

    /// <summary>Gives <paramref name="releaseCount"/> slots back.</summary>
    /// <param name="releaseCount">How many slots to give back.</param>
    /// <returns>How many slots were free before.</returns>
    public new int Release(int releaseCount)
    {
        // Written before the slot is handed on, so a waiter that takes it is never seen holding it first.
        var recorder = _lab.CurrentRecorder;
        var id = Id(recorder);
        for (var i = 0; i < releaseCount; i++)
        {
            recorder.WriteResource(id, EventKind.ResourceReleased, _lab.CurrentTaskId(recorder));
        }
        return base.Release(releaseCount);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {CurrentCount} of {Slots} slots free";

    private int Id(Recorder recorder) => recorder.ResourceId(this, Name, ResourceKind.Semaphore, Slots);

    private async Task<bool> Watch(Task<bool> wait)
    {
        await Watch((Task)wait);
        return wait.Result;
    }

    private Task Watch(Task wait)
    {
        var recorder = _lab.CurrentRecorder;
        var id = Id(recorder);
        var task = _lab.CurrentTaskId(recorder);
        if (wait.IsCompletedSuccessfully)
        {
            if (wait is not Task<bool> { Result: false })
            {
                recorder.WriteResource(id, EventKind.ResourceAcquired, task);
            }
            return wait;
        }
        recorder.WriteResource(id, EventKind.ResourceWaitBegan, task);
        return Ended(wait, recorder, id, task);
    }

    private async Task Ended(Task wait, Recorder recorder, int id, int task)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException canceled)
        {
            _lab.NoteFailureOfCurrentTask(recorder, canceled);
            throw;
        }
        finally
        {
            if (!recorder.IsFrozen)
            {
                recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
                if (wait.IsCompletedSuccessfully && wait is not Task<bool> { Result: false })
                {
                    recorder.WriteResource(id, EventKind.ResourceAcquired, task);
                }
            }
        }
    }

    private void Watch(Func<bool> blockingWait)
    {
        var recorder = _lab.CurrentRecorder;
        var id = Id(recorder);
        var task = _lab.CurrentTaskId(recorder);
        if (base.Wait(0))
        {
            recorder.WriteResource(id, EventKind.ResourceAcquired, task);
            return;
        }
        recorder.WriteResource(id, EventKind.ResourceWaitBegan, task);
        try
        {
            blockingWait();
        }
        finally
        {
            recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
        }
        recorder.WriteResource(id, EventKind.ResourceAcquired, task);
    }
}
