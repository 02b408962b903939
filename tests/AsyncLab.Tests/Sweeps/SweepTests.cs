namespace AsyncLab.Tests.Sweeps;

public sealed class SweepTests
{
    /// <summary>Ten jobs of 1 s through a watched semaphore of <paramref name="slots"/>.</summary>
    internal static async Task<Timeline> TenJobs(Lab lab, int slots)
    {
        var gate = lab.Semaphore(slots, "gate");
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using (job.Begin())
                {
                    await lab.Delay(TimeSpan.FromSeconds(1));
                }
            }
            finally
            {
                gate.Release();
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Job)));
    }

    [Fact]
    public async Task Run_TenJobsSlotsOneToFive_GivesExactMakespansPeaksAndThroughput()
    {
        var sweep = await Sweep.Run(Enumerable.Range(1, 5), TenJobs, parameter: "slots");

        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], sweep.Points.Select(p => p.Value));
        Assert.Equal([10.0, 5.0, 4.0, 3.0, 2.0], sweep.Points.Select(p => p.Makespan.TotalSeconds));
        Assert.True(sweep.Points.Select(p => p.Makespan).SequenceEqual(
            [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)]));
        Assert.Equal([1, 2, 3, 4, 5], sweep.Points.Select(p => p.PeakConcurrency));
        Assert.Equal([9, 8, 7, 6, 5], sweep.Points.Select(p => p.PeakWaiting));
        Assert.Equal([1.0, 2.0, 2.5, 10.0 / 3.0, 5.0], sweep.Points.Select(p => p.Throughput));
    }

    [Fact]
    public async Task Compare_ThreeAndFourSlots_WritesTheDiffLine()
    {
        var sweep = await Sweep.Run(Enumerable.Range(1, 5), TenJobs, parameter: "slots");

        var comparison = sweep.Compare(3, 4);

        Assert.Equal("with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%", comparison.DiffLine);
        Assert.True(comparison.MakespanChange == -0.25);
        Assert.Equal("with 2 slots: 5.00 s · with 1 slot: 10.00 s, +100%", sweep.Compare(2, 1).ToString());
    }

    [Theory]
    [InlineData("slots", 1, "slot")]
    [InlineData("slots", 2, "slots")]
    [InlineData("fetches", 1, "fetch")]
    [InlineData("boxes", 1, "box")]
    [InlineData("consumers", 1, "consumer")]
    [InlineData("capacity", 1, "capacity")]
    [InlineData("jitter", 1, "jitter")]
    public void Noun_ValueAndParameter_SingularOnlyForOne(string parameter, double value, string noun) =>
        Assert.Equal(noun, SweepComparison.Noun(parameter, value));

    [Fact]
    public async Task Compare_ValueNotRun_ThrowsNamingTheValuesThatRan()
    {
        var sweep = await Sweep.Run(Enumerable.Range(1, 3), TenJobs, parameter: "slots");

        var error = Assert.Throws<ArgumentException>(() => sweep.Compare(3, 7));

        Assert.StartsWith("The sweep did not run slots = 7. It ran: 1, 2, 3.", error.Message);
    }

    [Fact]
    public async Task Enough_SlotsOneToTen_IsTheFirstValueThatReachesTheBestMakespan()
    {
        var sweep = await Sweep.Run(Enumerable.Range(1, 10), TenJobs, parameter: "slots");

        // 10 jobs: 6..9 slots still take 2 s; only 10 slots reach 1 s.
        Assert.Equal(10.0, sweep.Enough().Value);
        Assert.Equal(5.0, sweep.Enough(within: 1.0).Value);
    }

    [Fact]
    public async Task ToString_ThreeValues_OneLinePerValueThenEnough()
    {
        var sweep = await Sweep.Run(Enumerable.Range(1, 3), TenJobs, parameter: "slots", title: "Ten jobs");

        Assert.Equal(
            "Ten jobs · slots: 3 runs\n" +
            "slots 1: makespan 10.00 s · peak 1 · peak waiting 9 · 1.00 tasks/s\n" +
            "slots 2: makespan 5.00 s · peak 2 · peak waiting 8 · 2.00 tasks/s\n" +
            "slots 3: makespan 4.00 s · peak 3 · peak waiting 7 · 2.50 tasks/s\n" +
            "enough: 3 slots (makespan 4.00 s, within 5% of the best)",
            sweep.ToString());
    }

    [Fact]
    public async Task Run_JitterFromLabRandom_SameSeedGivesTheSameFiguresTwice()
    {
        static async Task<Timeline> Jittered(Lab lab, double spread)
        {
            async Task Fetch(int id)
            {
                using var job = lab.Track($"fetch {id}");
                using (job.Begin())
                {
                    await lab.Delay(TimeSpan.FromMilliseconds(1000 + Math.Round(spread * 1000 * (lab.Random().NextDouble() - 0.5))));
                }
            }
            return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Fetch)));
        }

        var first = await Sweep.Run([0.0, 0.2, 0.4], Jittered, parameter: "jitter", seed: 7);
        var second = await Sweep.Run([0.0, 0.2, 0.4], Jittered, parameter: "jitter", seed: 7);

        Assert.True(first.Points[0].Makespan == TimeSpan.FromSeconds(1));
        Assert.True(first.Points.Select(p => p.Makespan).SequenceEqual(second.Points.Select(p => p.Makespan)));
        Assert.Equal(first.Points.Select(p => p.Timeline.ToJson(canonical: true)), second.Points.Select(p => p.Timeline.ToJson(canonical: true)));
        Assert.True(first.Points[2].Makespan > first.Points[1].Makespan);
    }

    [Fact]
    public async Task Run_NoValues_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Sweep.Run(Array.Empty<int>(), TenJobs));

    [Fact]
    public async Task Run_ValueTwice_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Sweep.Run([2, 2], TenJobs));
}
