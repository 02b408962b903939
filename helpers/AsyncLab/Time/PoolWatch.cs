using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace AsyncLab.Time;

/// <summary>
/// Sees work that a virtual-time run hands to the thread pool (<c>Task.Run</c>, <c>Parallel.ForEachAsync</c> without
/// options, a continuation that a library sends to the pool) between the moment it is queued and the moment it starts.
/// The runtime reports each queued and each dequeued pool item to in-process listeners of its
/// "System.Diagnostics.Eventing.FrameworkEventSource", on the thread that does it. When the thread that queues an item
/// runs code of a run, the item belongs to that run until a pool thread takes it; from then on the thread itself is
/// counted (see <see cref="VirtualLoop"/>).
/// </summary>
/// <remarks>
/// Items are matched by the hash the runtime reports for them, so two pending items with the same hash are told apart
/// only by count. Where event sources are switched off (a trimmed or native app, a file-based app without
/// <c>EventSourceSupport</c>), <see cref="CheckAvailable"/> is false and the loop falls back to watching pool counters.
/// </remarks>
internal sealed class PoolWatch : EventListener
{
    private const string SourceName = "System.Diagnostics.Eventing.FrameworkEventSource";
    private const int EnqueueEventId = 30;
    private const int DequeueEventId = 31;
    private const long ThreadPoolKeyword = 0x2;
    private const long ThreadTransferKeyword = 0x10;

    private static readonly Lazy<PoolWatch> Shared = new(Start);

    // Items queued by a run and not yet taken by a pool thread, by the hash the runtime reports for them.
    private readonly ConcurrentDictionary<long, PendingItems> _pending = new();
    private long _probeHash = long.MinValue;
    private volatile bool _probeSeen;

    private PoolWatch()
    {
    }

    /// <summary>The process-wide watch, started on first use.</summary>
    public static PoolWatch Instance => Shared.Value;

    /// <summary>How many items of <paramref name="loop"/> wait in the pool's queues; for messages only.</summary>
    public int PendingFor(VirtualLoop loop) => _pending.Values.Sum(p => p.Loop == loop ? p.Count : 0);

    /// <summary>Forgets every item of <paramref name="loop"/> still thought to be queued; returns how many.</summary>
    public int Forget(VirtualLoop loop)
    {
        var forgotten = 0;
        foreach (var (hash, items) in _pending)
        {
            if (items.Loop == loop && _pending.TryRemove(new KeyValuePair<long, PendingItems>(hash, items)))
            {
                forgotten += items.Count;
            }
        }
        return forgotten;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)(ThreadPoolKeyword | ThreadTransferKeyword));
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId is not (EnqueueEventId or DequeueEventId) || eventData.Payload is not [var payload, ..])
        {
            return;
        }
        var hash = Convert.ToInt64(payload, System.Globalization.CultureInfo.InvariantCulture);
        if (eventData.EventId == EnqueueEventId)
        {
            if (hash == Volatile.Read(ref _probeHash))
            {
                _probeSeen = true;
            }
            if (VirtualLoop.OwnerOfCurrentCode() is { } loop)
            {
                // Counted before it is recorded: the loop must never see the run quiet while the item exists.
                loop.ItemQueued();
                _pending.AddOrUpdate(hash, static (_, l) => new PendingItems(l, 1), static (_, items, _) => items with { Count = items.Count + 1 }, loop);
            }
        }
        else if (!_pending.IsEmpty && TakePending(hash) is { } owner)
        {
            owner.ItemTaken();
        }
    }

    private VirtualLoop? TakePending(long hash)
    {
        while (_pending.TryGetValue(hash, out var items))
        {
            var taken = items.Count == 1
                ? _pending.TryRemove(new KeyValuePair<long, PendingItems>(hash, items))
                : _pending.TryUpdate(hash, items with { Count = items.Count - 1 }, items);
            if (taken)
            {
                return items.Loop;
            }
        }
        return null;
    }

    /// <summary>
    /// True once the runtime has been seen reporting a queued pool item to this listener. The pool re-reads now and
    /// then whether anyone listens, so until it has, each call queues one small probe and looks again.
    /// </summary>
    public bool CheckAvailable()
    {
        if (!_probeSeen)
        {
            Probe();
        }
        return _probeSeen;
    }

    private void Probe()
    {
        // The queued event is reported on this thread, inside Start: no need to wait for the probe to run.
        var probe = new Task(static () => { });
        Volatile.Write(ref _probeHash, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(probe));
        probe.Start(TaskScheduler.Default);
    }

    private static PoolWatch Start()
    {
        var watch = new PoolWatch();
        var until = Environment.TickCount64 + 500;
        while (!watch.CheckAvailable() && Environment.TickCount64 < until)
        {
            Thread.Sleep(5);
        }
        return watch;
    }

    private sealed record PendingItems(VirtualLoop Loop, int Count);
}
