using System.Threading.Channels;
using AsyncLab.Recording;

namespace AsyncLab.Resources;

/// <summary>
/// A channel the lab watches, wrapped around a real one: every read and write goes to the inner channel, and after each
/// the lab records the inner channel's own count, so a bounded channel never shows more items than its capacity.
/// Readers that wait for an item and writers held by a full channel are recorded too.
/// </summary>
internal sealed class WatchedChannel<T> : Channel<T>
{
    public WatchedChannel(Lab lab, Channel<T> inner, string name, int? capacity)
    {
        Inner = inner;
        var watch = new ChannelWatch(lab, this, name, capacity, inner.Reader);
        Watch = watch;
        Reader = new WatchedReader(inner.Reader, watch);
        Writer = new WatchedWriter(inner.Writer, watch);
    }

    public Channel<T> Inner { get; }

    public ChannelWatch Watch { get; }

    public override string ToString() => Watch.ToString();

    /// <summary>Writes the events of one watched channel into the lab's current recording.</summary>
    internal sealed class ChannelWatch(Lab lab, object channel, string name, int? capacity, ChannelReader<T> counter)
    {
        public (Recorder Recorder, int Id, int Task) Begin()
        {
            var recorder = lab.CurrentRecorder;
            return (recorder, recorder.ResourceId(channel, name, ResourceKind.Channel, capacity), lab.CurrentTaskId(recorder));
        }

        public void Counted()
        {
            var recorder = lab.CurrentRecorder;
            recorder.WriteResource(recorder.ResourceId(channel, name, ResourceKind.Channel, capacity), EventKind.ChannelCounted, counter.Count);
        }

        public void Dropped()
        {
            var recorder = lab.CurrentRecorder;
            recorder.WriteResource(recorder.ResourceId(channel, name, ResourceKind.Channel, capacity), EventKind.ItemDropped, lab.CurrentTaskId(recorder));
        }

        public void Canceled(Recorder recorder, OperationCanceledException error) => lab.NoteFailureOfCurrentTask(recorder, error);

        public override string ToString() =>
            $"{name}: {counter.Count} {(counter.Count == 1 ? "item" : "items")}{(capacity is { } c ? $" of {c}" : "")}";
    }

    private sealed class WatchedReader(ChannelReader<T> inner, ChannelWatch watch) : ChannelReader<T>
    {
        public override Task Completion => inner.Completion;

        public override bool CanCount => inner.CanCount;

        public override int Count => inner.Count;

        public override bool CanPeek => inner.CanPeek;

        public override bool TryPeek(out T item) => inner.TryPeek(out item!);

        public override bool TryRead(out T item)
        {
            if (!inner.TryRead(out item!))
            {
                return false;
            }
            watch.Counted();
            return true;
        }

        public override ValueTask<T> ReadAsync(CancellationToken cancellationToken = default) =>
            TryRead(out var item) ? new ValueTask<T>(item) : ReadWhenThere(cancellationToken);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            var wait = inner.WaitToReadAsync(cancellationToken);
            return wait.IsCompleted ? wait : WaitWhileEmpty(wait);
        }

        private async ValueTask<T> ReadWhenThere(CancellationToken cancellationToken)
        {
            var (recorder, id, task) = watch.Begin();
            recorder.WriteResource(id, EventKind.ResourceWaitBegan, task);
            try
            {
                var item = await inner.ReadAsync(cancellationToken);
                recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
                watch.Counted();
                return item;
            }
            catch (OperationCanceledException canceled)
            {
                recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
                watch.Canceled(recorder, canceled);
                throw;
            }
            catch
            {
                recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
                throw;
            }
        }

        private async ValueTask<bool> WaitWhileEmpty(ValueTask<bool> wait)
        {
            var (recorder, id, task) = watch.Begin();
            recorder.WriteResource(id, EventKind.ResourceWaitBegan, task);
            try
            {
                return await wait;
            }
            catch (OperationCanceledException canceled)
            {
                watch.Canceled(recorder, canceled);
                throw;
            }
            finally
            {
                recorder.WriteResource(id, EventKind.ResourceWaitEnded, task);
            }
        }
    }

    private sealed class WatchedWriter(ChannelWriter<T> inner, ChannelWatch watch) : ChannelWriter<T>
    {
        public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);

        public override bool TryWrite(T item)
        {
            if (!inner.TryWrite(item))
            {
                return false;
            }
            watch.Counted();
            return true;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default)
        {
            var wait = inner.WaitToWriteAsync(cancellationToken);
            return wait.IsCompleted ? wait : WaitWhileFull(wait);
        }

        public override ValueTask WriteAsync(T item, CancellationToken cancellationToken = default) =>
            TryWrite(item) ? ValueTask.CompletedTask : WriteWhenRoom(item, cancellationToken);

        private async ValueTask WriteWhenRoom(T item, CancellationToken cancellationToken)
        {
            var (recorder, id, task) = watch.Begin();
            recorder.WriteResource(id, EventKind.WriterBlocked, task);
            try
            {
                await inner.WriteAsync(item, cancellationToken);
            }
            catch (OperationCanceledException canceled)
            {
                watch.Canceled(recorder, canceled);
                throw;
            }
            finally
            {
                recorder.WriteResource(id, EventKind.WriterUnblocked, task);
            }
            watch.Counted();
        }

        private async ValueTask<bool> WaitWhileFull(ValueTask<bool> wait)
        {
            var (recorder, id, task) = watch.Begin();
            recorder.WriteResource(id, EventKind.WriterBlocked, task);
            try
            {
                return await wait;
            }
            finally
            {
                recorder.WriteResource(id, EventKind.WriterUnblocked, task);
            }
        }
    }
}
