using System.Threading.Channels;

namespace AsyncLab.Tests.Time;

public sealed class VirtualLoopTests
{
    [Fact]
    public async Task Run_ChannelReadAllAsyncUnderLoad_StaysExactEveryTime()
    {
        // ReadAllAsync resumes on the thread pool (ConfigureAwait(false) inside the library); the loop must wait
        // for that hop before it moves the clock, even when many runs compete for the cores.
        async Task<string> ProducerConsumer()
        {
            var lab = new Lab(virtualTime: true);
            var channel = Channel.CreateUnbounded<int>();
            async Task Produce()
            {
                for (var item = 0; item < 5; item++)
                {
                    await lab.Delay(0.5);
                    await channel.Writer.WriteAsync(item);
                }
                channel.Writer.Complete();
            }
            async Task Consume()
            {
                using var job = lab.Track("consumer");
                await foreach (var item in channel.Reader.ReadAllAsync())
                {
                    using (job.Begin())
                    {
                        await lab.Delay(1);
                    }
                }
            }
            return (await lab.Run(() => Task.WhenAll(Produce(), Consume()))).Summary;
        }

        for (var round = 0; round < 10; round++)
        {
            var summaries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(ProducerConsumer)));
            Assert.All(summaries, s => Assert.Equal("1 task · makespan 5.50 s · peak concurrency 1", s));
        }
    }

    [Fact]
    public async Task Run_TimersDueAtTheSameInstant_FireInTheOrderTheyWereScheduled()
    {
        var lab = new Lab(virtualTime: true);
        var order = new List<string>();
        async Task Wait(string name, double seconds)
        {
            await lab.Delay(seconds);
            order.Add(name);
        }

        await lab.Run(() => Task.WhenAll(Wait("a", 1), Wait("b", 0.5), Wait("c", 1), Wait("d", 0.5)));

        Assert.Equal(["b", "d", "a", "c"], order);
    }

    [Fact]
    public async Task Run_SemaphoreNeverReleased_ThrowsLabStuckNamingTheWaitingTasks()
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(1);
        async Task Leaky(int id)
        {
            using var job = lab.Track($"leaky {id}");
            await gate.WaitAsync();
            using (job.Begin())
            {
                await lab.Delay(1);
            }
        }

        var error = await Assert.ThrowsAsync<LabStuckException>(() => lab.Run(() => Task.WhenAll(Leaky(0), Leaky(1))));

        Assert.Contains("stuck at 1 s", error.Message);
        Assert.Contains("'leaky 1' (waiting)", error.Message);
        Assert.Contains("finally", error.Message);
    }

    [Fact]
    public async Task Run_ComputeInVirtualTime_BlocksTheLoopAndMovesTheClock()
    {
        var lab = new Lab(virtualTime: true);
        async Task Busy(string name)
        {
            using var job = lab.Track(name);
            using (job.Begin())
            {
                await lab.Delay(0.1);
                lab.Compute(TimeSpan.FromSeconds(1));
            }
        }

        var timeline = await lab.Run(() => Task.WhenAll(Busy("a"), Busy("b")));

        Assert.Equal(TimeSpan.FromSeconds(2.1), timeline.Makespan);
        Assert.Equal(2, timeline.Threads.Count(t => t.Use == ThreadUse.Computing));
    }
}
