using System.Diagnostics;
using System.Threading.Channels;
using AsyncLab.Recording;
using AsyncLab.Resources;
using AsyncLab.Time;

namespace AsyncLab;

/// <summary>
/// The lab bench: it tracks tasks, owns the clock their delays use, and turns each run into a
/// <see cref="Timeline"/>. Real time by default; <c>new Lab(virtualTime: true)</c> runs the same code on a
/// single-threaded loop whose clock jumps straight to the next timer, so timings come out exact.
/// </summary>
/// <example>
/// <code>
/// var lab = new Lab();
/// var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 5).Select(Fetch)), ideal: TimeSpan.FromSeconds(1));
/// </code>
/// </example>
[DebuggerDisplay("Lab ({IsVirtualTime ? \"virtual time\" : \"real time\"})")]
public sealed class Lab
{
    /// <summary>The queue name used when <see cref="Enqueued"/> and <see cref="Dequeued"/> are given none.</summary>
    public const string DefaultQueue = "queue";

    private static readonly AsyncLocal<TrackedTask?> CurrentTask = new();

    private readonly VirtualClock? _virtualClock;
    private Recorder _recorder;

    /// <summary>
    /// The environment variable that picks the clock of every lab created without an explicit
    /// <c>virtualTime</c>: <c>virtual</c> runs them all in virtual time (the runner's <c>--virtual-time</c> and the
    /// tests use it to compare figures exactly); <c>real</c> or unset keeps the real clock.
    /// </summary>
    public const string TimeModeVariable = "ASYNCLAB_TIME";

    /// <summary>Creates a lab.</summary>
    /// <param name="virtualTime">
    /// True to run on the lab's virtual clock: delays take no real time and the timings are exact.
    /// Code must wait through the lab (<see cref="Delay(TimeSpan, CancellationToken)"/>, or <c>Task.Delay(t, lab.Time)</c>) and run inside <see cref="Run"/>.
    /// False keeps the real clock on purpose, even when <see cref="TimeModeVariable"/> asks for virtual time (a cell that
    /// shows the wall clock). Left out, the lab follows <see cref="TimeModeVariable"/> and is real by default.
    /// </param>
    /// <param name="time">A clock to use instead of the system clock (for tests, a FakeTimeProvider). Not allowed with virtual time.</param>
    public Lab(bool? virtualTime = null, TimeProvider? time = null)
    {
        if (virtualTime == true && time is not null)
        {
            throw new ArgumentException(
                "Pass either virtualTime: true or a time provider, not both: virtual time brings its own clock.", nameof(time));
        }
        var useVirtualTime = virtualTime ?? (time is null && DefaultIsVirtualTime());
        _virtualClock = useVirtualTime ? new VirtualClock() : null;
        Time = _virtualClock ?? time ?? TimeProvider.System;
        _recorder = new Recorder(Time, useVirtualTime);
    }

    /// <summary>True when <see cref="TimeModeVariable"/> asks every lab without an explicit clock to use virtual time.</summary>
    public static bool DefaultIsVirtualTime()
    {
        var mode = Environment.GetEnvironmentVariable(TimeModeVariable);
        if (string.IsNullOrWhiteSpace(mode) || mode.Trim().Equals("real", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (mode.Trim().Equals("virtual", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        throw new InvalidOperationException(
            $"{TimeModeVariable} is '{mode}', which is not a clock the lab knows. Set it to 'virtual' or 'real', or remove it.");
    }

    /// <summary>True when the lab runs on its virtual clock.</summary>
    public bool IsVirtualTime => _virtualClock is not null;

    /// <summary>The lab's clock. Pass it to <c>Task.Delay(duration, lab.Time)</c> or anything that takes a <see cref="TimeProvider"/>.</summary>
    public TimeProvider Time { get; }

    /// <summary>Canceled when the host asks to stop (the stop button of a notebook cell); see <see cref="LabHost.Stopping"/>.</summary>
    public CancellationToken Stopping => LabHost.Current.Stopping;

    /// <summary>How many events this run has recorded so far.</summary>
    public int EventCount => _recorder.EventCount;

    /// <summary>
    /// Starts a task's row: it counts as <em>waiting</em> from now until <see cref="TrackedTask.Begin"/>.
    /// Dispose the result (a <c>using</c> declaration) to end the task.
    /// </summary>
    /// <param name="name">The text on the task's row, for example <c>$"fetch {id}"</c>.</param>
    /// <param name="lane">The row to draw it in; tasks that share a lane share a row. Defaults to its own row.</param>
    public TrackedTask Track(string name, string? lane = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (lane is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(lane);
        }
        var task = _recorder.Track(name, lane);
        CurrentTask.Value = task;
        return task;
    }

    /// <summary>
    /// Tracks a task for as long as <paramref name="work"/> runs and records how it really ended: completed, faulted
    /// (with the exception's message) or canceled. A task that catches an error and recovers counts as completed.
    /// The task is <em>waiting</em> until the work calls <see cref="TrackedTask.Begin"/> or <see cref="TrackedTask.Run(Func{Task}, string?)"/>.
    /// The exception, if any, flies on to the caller.
    /// </summary>
    /// <example><code>await lab.Track($"fetch {id}", job =&gt; job.Run(() =&gt; lab.Delay(1)));</code></example>
    /// <param name="name">The text on the task's row.</param>
    /// <param name="work">The task's code; it receives the <see cref="TrackedTask"/> to mark its work with.</param>
    /// <param name="lane">The row to draw it in; defaults to its own row.</param>
    public async Task Track(string name, Func<TrackedTask, Task> work, string? lane = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = Track(name, lane);
        try
        {
            await work(job);
        }
        catch (Exception error)
        {
            job.End(error);
            throw;
        }
        job.End(null);
    }

    /// <summary>
    /// Tracks a task for as long as <paramref name="work"/> runs, records how it ended, and returns its result; see
    /// <see cref="Track(string, Func{TrackedTask, Task}, string?)"/>.
    /// </summary>
    /// <param name="name">The text on the task's row.</param>
    /// <param name="work">The task's code; it receives the <see cref="TrackedTask"/> to mark its work with.</param>
    /// <param name="lane">The row to draw it in; defaults to its own row.</param>
    public async Task<T> Track<T>(string name, Func<TrackedTask, Task<T>> work, string? lane = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        await Track(name, async job => { result = await work(job); }, lane);
        return result;
    }

    /// <summary>Waits for <paramref name="duration"/> on the lab's clock, like <c>Task.Delay</c>. No thread is used while it waits.</summary>
    /// <param name="duration">How long to wait; must be positive.</param>
    /// <param name="cancellationToken">Cancels the wait. The host's stop signal cancels it too.</param>
    /// <remarks>If the wait is canceled, the tracked task it runs for is marked canceled (see <see cref="TrackedTask"/>).</remarks>
    public Task Delay(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        if (duration <= TimeSpan.Zero)
        {
            // A faulted task rather than a throw, as an async method gives: the mistake shows where the wait is awaited.
            return Task.FromException(NotPositive(duration, nameof(duration)));
        }
        var stop = Stopping;
        return stop.CanBeCanceled && cancellationToken.CanBeCanceled
            ? DelayUntilEither(duration, stop, cancellationToken)
            : DelayThenResume(duration, stop.CanBeCanceled ? stop : cancellationToken);
    }

    private async Task DelayUntilEither(TimeSpan duration, CancellationToken stop, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
        await DelayThenResume(duration, both.Token);
    }

    /// <summary>The wait itself, then what the lab records when the task's code goes on: its outcome and the resume.</summary>
    private async Task DelayThenResume(TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(duration, Time, cancellationToken);
        }
        catch (OperationCanceledException canceled)
        {
            CurrentTrackedTask()?.NoteFailure(canceled);
            throw;
        }
        var recorder = _recorder;
        var task = CurrentTaskId(recorder);
        if (task >= 0)
        {
            recorder.NoteSuccess(task);
        }
        if (!recorder.IsFrozen)
        {
            recorder.Write(task, EventKind.Resumed, LabEvent.ThreadDetail(ThreadUse.Resumed));
        }
    }

    /// <summary>Waits for a number of seconds on the lab's clock: <c>await lab.Delay(0.5)</c>.</summary>
    /// <param name="seconds">How long to wait, in seconds; must be positive.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task Delay(double seconds, CancellationToken cancellationToken = default)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds,
                $"{nameof(seconds)} must be a positive number of seconds, for example lab.Delay(0.5).");
        }
        return Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
    }

    /// <summary>
    /// Keeps the current thread busy computing for <paramref name="duration"/> (simulated CPU work) and records it in
    /// the threads view. In virtual time the clock moves on by the duration while nothing else can run, as on a
    /// single-threaded loop.
    /// </summary>
    public void Compute(TimeSpan duration) => OccupyThread(duration, ThreadUse.Computing);

    /// <summary>
    /// Blocks the current thread for <paramref name="duration"/>, as <c>Thread.Sleep</c> does, and records it in the
    /// threads view. A blocked thread can do nothing else; that is what this shows.
    /// </summary>
    public void Block(TimeSpan duration) => OccupyThread(duration, ThreadUse.Blocked);

    /// <summary>
    /// A semaphore the lab watches: use it like <c>new SemaphoreSlim(slots)</c>, and the chart shows its slots in use,
    /// the tasks waiting for one, and which gate each waiting task waits for. See <see cref="LabSemaphore"/> for the one
    /// limit: passed on as a plain <see cref="SemaphoreSlim"/>, it still limits but is no longer watched.
    /// </summary>
    /// <param name="slots">How many tasks may hold it at once; at least 1.</param>
    /// <param name="name">The name on the chart, such as "gate".</param>
    public LabSemaphore Semaphore(int slots, string name = "gate")
    {
        if (slots < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots,
                "slots must be at least 1: a semaphore with no slot lets no task in. For three at a time write lab.Semaphore(3, \"gate\").");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new LabSemaphore(this, slots, name);
    }

    /// <summary>
    /// A bounded channel (<c>Channel.CreateBounded</c>) the lab watches: items in it over time (never more than
    /// <paramref name="capacity"/>), the capacity as a line, readers waiting for an item, writers held by a full channel,
    /// and every item dropped under <paramref name="fullMode"/>.
    /// </summary>
    /// <param name="capacity">How many items it holds; at least 1.</param>
    /// <param name="name">The name on the chart, such as "queue".</param>
    /// <param name="fullMode">What a write does when the channel is full: wait (the default) or drop an item.</param>
    public Channel<T> BoundedChannel<T>(int capacity, string name = DefaultQueue, BoundedChannelFullMode fullMode = BoundedChannelFullMode.Wait)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                "capacity must be at least 1 item, for example lab.BoundedChannel<int>(2). For no limit use lab.UnboundedChannel<T>().");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        WatchedChannel<T>? watched = null;
        var inner = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = fullMode }, _ => watched!.Watch.Dropped());
        watched = new WatchedChannel<T>(this, inner, name, capacity);
        return watched;
    }

    /// <summary>An unbounded channel (<c>Channel.CreateUnbounded</c>) the lab watches: items in it and readers waiting.</summary>
    /// <param name="name">The name on the chart, such as "queue".</param>
    public Channel<T> UnboundedChannel<T>(string name = DefaultQueue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new WatchedChannel<T>(this, Channel.CreateUnbounded<T>(), name, capacity: null);
    }

    /// <summary>
    /// Watches a channel you made yourself: returns a channel to use instead, which passes everything on to yours and
    /// records its count after each read and write. Items that a full channel drops are seen only by
    /// <see cref="BoundedChannel{T}"/>, which makes the channel itself.
    /// </summary>
    /// <param name="channel">The channel to watch; one of the built-in channels, which can count their items.</param>
    /// <param name="name">The name on the chart.</param>
    /// <param name="capacity">Its capacity, if bounded, to draw as a line.</param>
    public Channel<T> Watch<T>(Channel<T> channel, string name = DefaultQueue, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (channel is WatchedChannel<T>)
        {
            throw new ArgumentException("This channel is already watched by the lab. Use it as it is: watching it again would count every item twice.", nameof(channel));
        }
        if (!channel.Reader.CanCount)
        {
            throw new ArgumentException("The lab reads a channel's depth from its own Count, and this channel cannot count. Use lab.BoundedChannel<T>(...) or lab.UnboundedChannel<T>().", nameof(channel));
        }
        return new WatchedChannel<T>(this, channel, name, capacity);
    }

    /// <summary>Records that an item was put into a queue (for the queue-depth panel).</summary>
    [Obsolete("Let the lab watch the channel instead: var channel = lab.UnboundedChannel<T>(\"queue\") (or lab.BoundedChannel<T>(capacity), or lab.Watch(yourChannel)); its depth then comes from the channel itself. Enqueued will be removed in a later release.")]
    public void Enqueued(string queue = DefaultQueue) => WriteQueue(queue, EventKind.Enqueued);

    /// <summary>Records that an item was taken from a queue.</summary>
    [Obsolete("Let the lab watch the channel instead: var channel = lab.UnboundedChannel<T>(\"queue\") (or lab.BoundedChannel<T>(capacity), or lab.Watch(yourChannel)); its depth then comes from the channel itself. Dequeued will be removed in a later release.")]
    public void Dequeued(string queue = DefaultQueue) => WriteQueue(queue, EventKind.Dequeued);

    /// <summary>Records a free-form moment, such as "producer done", drawn as a marker on the chart.</summary>
    public void Mark(string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        _recorder.Write(_recorder.TextId(label), EventKind.Marked);
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> as one fresh recording and returns its frozen timeline. In virtual time the
    /// scenario runs on the lab's single-threaded loop; in real time it simply runs.
    /// </summary>
    /// <param name="scenario">The code to run, for example <c>() =&gt; Task.WhenAll(jobs)</c>.</param>
    /// <param name="ideal">The makespan you expect, shown in the summary line.</param>
    /// <param name="title">A title for the chart.</param>
    /// <exception cref="LabStuckException">Virtual time only: the scenario can never finish.</exception>
    public async Task<Timeline> Run(Func<Task> scenario, TimeSpan? ideal = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ValidateIdeal(ideal);
        var recorder = new Recorder(Time, IsVirtualTime);
        Volatile.Write(ref _recorder, recorder);
        string? warning = null;
        if (_virtualClock is { } clock)
        {
            var loop = new VirtualLoop(clock, () => CurrentTask.Value is { } task && task.BelongsTo(recorder) ? task.Name : null);
            await loop.Run(scenario, () => DescribeWaiting(recorder), Stopping);
            warning = loop.OutsideWork;
        }
        else
        {
            // The stop signal ends the wait even when the scenario waits on something that ignores tokens
            // (a semaphore that is never released): the cell stops instead of hanging.
            var stop = Stopping;
            var running = scenario();
            await (stop.CanBeCanceled ? running.WaitAsync(stop) : running);
        }
        return Freeze(ideal, title, warning);
    }

    /// <summary>
    /// Freezes what has been recorded since the lab was made (or since the last freeze) into a timeline, and starts
    /// a fresh recording. Use it when you drive the tasks yourself instead of through <see cref="Run"/>.
    /// </summary>
    public Timeline Freeze(TimeSpan? ideal = null, string? title = null) => Freeze(ideal, title, warning: null);

    private Timeline Freeze(TimeSpan? ideal, string? title, string? warning)
    {
        ValidateIdeal(ideal);
        var finished = Interlocked.Exchange(ref _recorder, new Recorder(Time, IsVirtualTime));
        return finished.Freeze(ideal, title, warning is null ? [] : [warning]);
    }

    /// <summary>
    /// Shows a value the way the current host does (<see cref="LabHost.Current"/>): a notebook draws a timeline's chart;
    /// a console program prints the summary line (and, with AsyncLab.Charts' console host, writes the chart to an HTML
    /// file). Lessons use it where a notebook cell would end with the value alone.
    /// </summary>
    public static void Show(object? value) => LabHost.Current.Show(value);

    private void OccupyThread(TimeSpan duration, ThreadUse use)
    {
        ThrowIfNotPositive(duration, nameof(duration));
        var recorder = _recorder;
        var task = CurrentTaskId(recorder);
        var began = recorder.Write(task, EventKind.ThreadBusyBegan, LabEvent.ThreadDetail(use));
        if (_virtualClock is { } clock)
        {
            clock.Spend(duration);
        }
        else if (use == ThreadUse.Blocked)
        {
            Thread.Sleep(duration);
        }
        else
        {
            var until = Time.GetTimestamp() + (long)(duration.TotalSeconds * Time.TimestampFrequency);
            while (Time.GetTimestamp() < until)
            {
                Thread.SpinWait(64);
            }
        }
        if (!recorder.IsFrozen)
        {
            recorder.Write(task, EventKind.ThreadBusyEnded, began);
        }
    }

    /// <summary>The recording in progress (a new one starts with each run).</summary>
    internal Recorder CurrentRecorder => Volatile.Read(ref _recorder);


    /// <summary>Marks the tracked task this code runs for as failed with <paramref name="error"/>, as a canceled lab wait does.</summary>
    internal void NoteFailureOfCurrentTask(Recorder recorder, Exception error)
    {
        if (CurrentTask.Value is { } task && task.BelongsTo(recorder))
        {
            task.NoteFailure(error);
        }
    }

    /// <summary>The tracked task of this run that this code runs for (flowing with async calls), if any.</summary>
    private TrackedTask? CurrentTrackedTask() =>
        CurrentTask.Value is { } task && task.BelongsTo(_recorder) ? task : null;

    /// <summary>The id of the tracked task this code runs for (flowing with async calls), or -1.</summary>
    internal int CurrentTaskId(Recorder recorder) =>
        CurrentTask.Value is { } task && task.BelongsTo(recorder) ? task.Id : -1;

    private void WriteQueue(string queue, EventKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        _recorder.Write(_recorder.TextId(queue), kind);
    }

    private static string DescribeWaiting(Recorder recorder)
    {
        var open = new List<string>();
        for (var i = 0; i < recorder.Tasks.Count && open.Count < 6; i++)
        {
            var state = recorder.StateName(i);
            if (state != "ended")
            {
                open.Add($"'{recorder.Tasks[i].Name}' ({recorder.WaitingFor(i) ?? state})");
            }
        }
        return open.Count == 0 ? "No tracked task is open." : $"Still open: {string.Join(", ", open)}.";
    }

    private static void ThrowIfNotPositive(TimeSpan duration, string name)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw NotPositive(duration, name);
        }
    }

    private static ArgumentOutOfRangeException NotPositive(TimeSpan duration, string name) =>
        new(name, duration, $"{name} must be longer than zero, for example TimeSpan.FromSeconds(1). A negative or zero wait does not simulate any work.");

    private static void ValidateIdeal(TimeSpan? ideal)
    {
        if (ideal is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ideal), value,
                "ideal must be the positive makespan you expect, for example TimeSpan.FromSeconds(1), or left out.");
        }
    }

    /// <summary>Which clock the lab runs on: <c>lab (virtual time)</c> or <c>lab (real time)</c>.</summary>
    public override string ToString() => IsVirtualTime ? "lab (virtual time)" : "lab (real time)";
}
