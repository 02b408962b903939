#pragma warning disable CS0618 // the queue panel from lab.Enqueued/Dequeued is still drawn for a release.
using System.Threading.Channels;
using AsyncLab.Tests.Shared;

namespace AsyncLab.Charts.Tests;

/// <summary>Timelines for chart tests, recorded in virtual time the way a lesson records them.</summary>
internal static class ChartTimelines
{
    public const string ScriptName = "<script>alert(1)</script>";

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary>n fetches that all start together; fetch <paramref name="scriptAt"/> gets a name with HTML in it.</summary>
    public static async Task<Timeline> FanOut(int count, int scriptAt = -1, string? title = null)
    {
        var lab = new Lab(virtualTime: true);
        async Task Fetch(int id)
        {
            using var job = lab.Track(id == scriptAt ? ScriptName : $"fetch {id}");
            using (job.Begin())
            {
                await lab.Delay(OneSecond);
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, count).Select(Fetch)), title: title);
    }

    /// <summary>n jobs through a gate of <paramref name="slots"/>; job 4 faults and job 5 is canceled.</summary>
    public static async Task<Timeline> Throttled(int count = 10, int slots = 3, bool failSome = false)
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(slots);
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                await job.Run(async () =>
                {
                    await lab.Delay(TimeSpan.FromSeconds(0.5 + (id % 3) * 0.25));
                    if (failSome && id == 4)
                    {
                        throw new InvalidOperationException("job 4 broke </script><b>");
                    }
                    if (failSome && id == 5)
                    {
                        throw new OperationCanceledException("job 5 was stopped");
                    }
                });
            }
            catch (Exception)
            {
                // The lab saw the failure in job.Run; the chart shows it.
            }
            finally
            {
                gate.Release();
            }
        }
        return await lab.Run(async () =>
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, count).Select(Job));
            }
            catch (Exception)
            {
                // The chart shows the failures; the run itself goes on.
            }
        }, ideal: TimeSpan.FromSeconds(4), title: "Semaphore of three");
    }

    /// <summary>The producer and consumer of the reference scenario, with a queue and a mark.</summary>
    public static async Task<Timeline> ProducerConsumer()
    {
        var lab = new Lab(virtualTime: true);
        var channel = Channel.CreateUnbounded<int>();
        async Task Produce()
        {
            using var job = lab.Track("producer");
            for (var item = 0; item < 5; item++)
            {
                using (job.Begin($"make item {item}"))
                {
                    await lab.Delay(0.5);
                }
                await channel.Writer.WriteAsync(item);
                lab.Enqueued();
            }
            channel.Writer.Complete();
            lab.Mark("producer done");
        }
        async Task Consume()
        {
            using var job = lab.Track("consumer");
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                lab.Dequeued();
                using (job.Begin($"process item {item}"))
                {
                    await lab.Delay(OneSecond);
                }
            }
        }
        return await lab.Run(() => Task.WhenAll(Produce(), Consume()), ideal: TimeSpan.FromSeconds(5.5), title: "Producer & consumer");
    }

    /// <summary>Many jobs through a gate of 50, of slightly different lengths (the scale tests).</summary>
    public static Task<Timeline> Many(int count) => GatedJobs.Many(count, $"{count} jobs");

    /// <summary>
    /// Four jobs through a watched gate of 2 (1 s each), each then writes to a watched channel of capacity 1 that drops
    /// new items when full (nobody reads it): two panels, one semaphore and one channel with drops.
    /// </summary>
    public static async Task<Timeline> GateAndDroppingQueue()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(2, "gate");
        var results = lab.BoundedChannel<int>(1, "results", BoundedChannelFullMode.DropWrite);
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                await job.Run(() => lab.Delay(1));
            }
            finally
            {
                gate.Release();
            }
            await results.Writer.WriteAsync(id);
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 4).Select(Job)), title: "Gate and queue");
    }
}
