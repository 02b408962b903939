using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace AsyncLab.Benchmarks;

/// <summary>
/// What one recorded event costs, measured by BenchmarkDotNet through the public API only: a real-time lab
/// (<c>new Lab(virtualTime: false)</c>) on one thread, next to the same operation with no lab where there is one.
/// Every 100,000 operations the benchmark starts a new lab, as a new run would, so the log of one lab stays the size
/// of a large lesson run; the plain twins count the same way, so both sides pay the same loop.
/// </summary>
/// <remarks>Public and not sealed: BenchmarkDotNet builds its runner type from this class and refuses a sealed one.</remarks>
[MemoryDiagnoser]
public class EventCosts
{
    /// <summary>Operations recorded into one lab before the next lab starts.</summary>
    public const int OperationsPerLab = 100_000;

    private readonly string[] _names = Enumerable.Range(0, OperationsPerLab).Select(i => $"task {i}").ToArray();
    private readonly SemaphoreSlim _plainGate = new(1);
    private readonly Channel<int> _plainChannel = Channel.CreateBounded<int>(1_000);
    private Lab _lab = new(virtualTime: false);
    private LabSemaphore _watchedGate = null!;
    private Channel<int> _watchedChannel = null!;
    private int _done;

    /// <summary>Events the current lab holds (to count the events of one operation).</summary>
    public int EventsInLab => _lab.EventCount;

    /// <summary>Starts a fresh lab with its semaphore and channel.</summary>
    [GlobalSetup]
    public void NewLab()
    {
        _lab = new Lab(virtualTime: false);
        _watchedGate = _lab.Semaphore(1, "gate");
        _watchedChannel = _lab.BoundedChannel<int>(1_000, "queue");
        _done = 0;
    }

    /// <summary>Track, Begin, the end of the segment and Dispose: the four events of one recorded task.</summary>
    [Benchmark(Description = "task: Track, Begin, end, Dispose")]
    public void RecordOneTask()
    {
        if (_done == OperationsPerLab)
        {
            NewLab();
        }
        using var job = _lab.Track(_names[_done++]);
        using (job.Begin())
        {
        }
    }

    /// <summary>WaitAsync and Release on a semaphore the lab watches (a free slot, so the wait ends at once).</summary>
    [Benchmark(Description = "watched semaphore: WaitAsync, Release")]
    public async ValueTask WatchedSemaphore()
    {
        if (++_done == OperationsPerLab)
        {
            NewLab();
        }
        await _watchedGate.WaitAsync();
        _watchedGate.Release();
    }

    /// <summary>The same on a plain <see cref="SemaphoreSlim"/>.</summary>
    [Benchmark(Description = "plain SemaphoreSlim: WaitAsync, Release")]
    public async ValueTask PlainSemaphore()
    {
        if (++_done == OperationsPerLab)
        {
            _done = 0;
        }
        await _plainGate.WaitAsync();
        _plainGate.Release();
    }

    /// <summary>One item written into a bounded channel the lab watches and read back out.</summary>
    [Benchmark(Description = "watched channel: WriteAsync, ReadAsync")]
    public async ValueTask<int> WatchedChannel()
    {
        if (++_done == OperationsPerLab)
        {
            NewLab();
        }
        await _watchedChannel.Writer.WriteAsync(_done);
        return await _watchedChannel.Reader.ReadAsync();
    }

    /// <summary>The same on a plain <c>Channel.CreateBounded</c>.</summary>
    [Benchmark(Description = "plain channel: WriteAsync, ReadAsync")]
    public async ValueTask<int> PlainChannel()
    {
        if (++_done == OperationsPerLab)
        {
            _done = 0;
        }
        await _plainChannel.Writer.WriteAsync(_done);
        return await _plainChannel.Reader.ReadAsync();
    }
}
