namespace AsyncLab.Tests.Recording;

/// <summary>
/// The threads view must be honest: awaiting a delay occupies no thread, blocking does. These run in real time
/// (threads only exist there) with short waits and no timing assertions.
/// </summary>
public sealed class ThreadsViewTests
{
    [Fact]
    public async Task Threads_ThousandDelaysInFlight_ResumeOnAHandfulOfThreadsAndBlockNone()
    {
        var lab = new Lab();
        async Task Wait(int id)
        {
            using var job = lab.Track($"wait {id}");
            using (job.Begin())
            {
                await lab.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
            }
        }

        var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 1_000).Select(Wait)));

        Assert.Equal(1_000, timeline.PeakConcurrency);
        var resumed = timeline.Threads.Where(t => t.Use == ThreadUse.Resumed).ToArray();
        Assert.Equal(1_000, resumed.Length);
        Assert.All(resumed, r => Assert.StartsWith("wait ", r.Task));
        Assert.InRange(resumed.Select(r => r.ThreadId).Distinct().Count(), 1, 64);
        Assert.DoesNotContain(timeline.Threads, t => t.Use is ThreadUse.Blocked or ThreadUse.Computing);
    }

    [Fact]
    public async Task Threads_BlockingCalls_EachPinAThreadOfItsOwn()
    {
        var lab = new Lab();
        using var allStarted = new CountdownEvent(4);
        async Task Sleepy(int id)
        {
            using var job = lab.Track($"sleepy {id}");
            using (job.Begin())
            {
                await Task.Run(() =>
                {
                    allStarted.Signal();
                    allStarted.Wait(TestContext.Current.CancellationToken);   // all four hold a thread at once
                    lab.Block(TimeSpan.FromMilliseconds(50));
                }, TestContext.Current.CancellationToken);
            }
        }

        var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 4).Select(Sleepy)));

        var blocked = timeline.Threads.Where(t => t.Use == ThreadUse.Blocked).ToArray();
        Assert.Equal(4, blocked.Length);
        Assert.Equal(4, blocked.Select(b => b.ThreadId).Distinct().Count());
        Assert.All(blocked, b => Assert.True(b.End > b.Start));
        Assert.Equal(4, blocked.Select(b => b.Task).Distinct().Count());
    }
}
