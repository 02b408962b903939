using System.Runtime.CompilerServices;
using AsyncLab.Recording;

namespace AsyncLab.Tests.Recording;

/// <summary>
/// What recording costs, pinned where it can be pinned exactly: the bytes it allocates, counted on the one thread a
/// virtual-time run uses. Allocation is what makes a recorded run slower than a plain one (a fan-out of a million tasks
/// spends most of its time collecting garbage), and unlike the wall clock it does not depend on the machine's load.
/// The wall-clock figures are in the benchmark (<c>dotnet run -c Release --project tests/AsyncLab.Benchmarks -- cost</c>).
/// </summary>
[Collection(LabHostCollection.Name)] // the default host, and nothing else allocating on this test's thread
public sealed class RecordingCostTests
{
    private static readonly TimeSpan Work = TimeSpan.FromSeconds(1);

    [Fact]
    public void Record_EventAndTaskSlot_TakeSixteenAndThirtyTwoBytes()
    {
        Assert.Equal(16, Unsafe.SizeOf<LabEvent>());
        Assert.Equal(32, Unsafe.SizeOf<TaskSlot>());
    }

    [Fact]
    public async Task Record_FanOutOfTenThousand_AllocatesAtMost640BytesATaskBeyondThePlainRun()
    {
        // Each task: Track, Begin, lab.Delay, end of the segment, Dispose (five events). The plain run is the same
        // fan-out with Task.Delay on the lab's clock and nothing tracked. Measured: 556 bytes in a Release build, 612 in
        // a Debug one (whose async methods allocate their state as objects); 788 in Release before the event log shrank
        // to 16 bytes an event and lab.Delay to one small async step.
        const int Tasks = 10_000;
        await AllocatedByFanOut(100, recorded: true);
        await AllocatedByFanOut(100, recorded: false);

        var recorded = await AllocatedByFanOut(Tasks, recorded: true);
        var plain = await AllocatedByFanOut(Tasks, recorded: false);

        var extraPerTask = (recorded - plain) / Tasks;
        Assert.True(extraPerTask <= 640, $"recording allocates {extraPerTask} bytes a task beyond the plain run");
    }

    [Fact]
    public async Task Run_TenTasks_AllocatesUnder64Kilobytes()
    {
        // The log's first chunks are small (256 items): a lesson-sized run, or each of a sweep's thousand runs, takes
        // kilobytes. Measured: 39 KB for the whole run and its freeze (3.8 MB when every log began with 64K items).
        await TenTaskRun();

        var allocated = await TenTaskRun();

        Assert.True(allocated < 64 * 1024, $"a ten-task run allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Freeze_TwiceTheTasks_AllocatesTwiceAsMuch(bool sharedName)
    {
        // Linear in the tasks, also when they all share one name (each then gets a row of its own, "job (2)"...):
        // the bytes Freeze allocates follow the work it does. Measured ratio: 2.005 unique, 2.010 shared.
        FreezeAllocation(100, sharedName);

        var small = FreezeAllocation(8_000, sharedName);
        var large = FreezeAllocation(16_000, sharedName);

        var ratio = (double)large / small;
        Assert.True(ratio <= 2.05, $"Freeze of 16,000 tasks allocated {ratio:0.000} times what 8,000 did");
    }

    [Fact]
    public void Freeze_ThousandTasksSharingAName_NumbersTheirRowsInStartOrder()
    {
        var lab = new Lab(virtualTime: true);
        using (lab.Track("job (3)"))
        {
        }
        for (var i = 0; i < 1_000; i++)
        {
            using var job = lab.Track("job");
        }

        var lanes = lab.Freeze().Tasks.Select(t => t.Lane).ToArray();

        // "job (3)" is taken by the first task's own name, so the copies skip it.
        string[] expected = ["job (3)", "job", "job (2)", .. Enumerable.Range(4, 998).Select(n => $"job ({n})")];
        Assert.Equal(expected, lanes);
    }

    private static async Task<long> AllocatedByFanOut(int tasks, bool recorded)
    {
        var lab = new Lab(virtualTime: true);
        var names = Enumerable.Range(0, tasks).Select(i => $"task {i}").ToArray();
        var all = new Task[tasks];
        long allocated = 0;
        // The virtual loop runs on this thread, so every allocation of the run is counted here.
        await lab.Run(async () =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < tasks; i++)
            {
                all[i] = recorded ? Recorded(lab, names[i]) : Plain(lab);
            }
            await Task.WhenAll(all);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        return allocated;
    }

    private static async Task Plain(Lab lab) => await Task.Delay(Work, lab.Time);

    private static async Task Recorded(Lab lab, string name)
    {
        using var job = lab.Track(name);
        using (job.Begin())
        {
            await lab.Delay(Work);
        }
    }

    private static async Task<long> TenTaskRun()
    {
        var lab = new Lab(virtualTime: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Recorded(lab, "fetch"))));
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long FreezeAllocation(int tasks, bool sharedName)
    {
        var lab = new Lab(virtualTime: true);
        for (var i = 0; i < tasks; i++)
        {
            using var job = lab.Track(sharedName ? "job" : $"job {i}");
            using (job.Begin())
            {
            }
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        lab.Freeze();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
