namespace AsyncLab.Tests.Predictions;

public sealed class PredictionTests
{
    /// <summary>Ten jobs of 1 s through a semaphore of three slots: 4.00 s, peak 3, job 9 ends last at 4 s.</summary>
    internal static async Task<Timeline> TenJobsThreeSlots()
    {
        var lab = new Lab(virtualTime: true);
        var gate = lab.Semaphore(3, "gate");
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
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 10).Select(Job)), title: "Ten jobs, three slots");
    }

    [Fact]
    public async Task Check_EveryGuessRight_PassesWithEachItemRight()
    {
        var timeline = await TenJobsThreeSlots();

        var check = timeline.Check(new Prediction
        {
            Makespan = 4.0,
            PeakConcurrency = 3,
            FinishOrder = [.. Enumerable.Range(0, 10).Select(i => $"job {i}")],
            LastToEnd = "job 9",
            QueuePeak = 3,
        });

        Assert.True(check.Passed);
        Assert.Equal("✓ Prediction: all checks pass", check.Verdict.ToString());
        Assert.Equal(
            ["makespan", "peak concurrency", "finish order", "last to end", "peak of semaphore 'gate' (slots in use)"],
            check.Items.Select(i => i.What));
        Assert.All(check.Items, i => Assert.True(i.Right));
        Assert.Equal("4.00 s", check.Items[0].Actual);
        Assert.True(check.QueuePeakAt == TimeSpan.Zero);
    }

    [Fact]
    public async Task Check_MakespanTooShort_GivesTheWaitingHintAndBothFigures()
    {
        var timeline = await TenJobsThreeSlots();

        var check = timeline.Check(new Prediction { Makespan = 1.0, PeakConcurrency = 3 }, "Prediction 1");

        Assert.False(check.Passed);
        Assert.Equal(
            "✗ Prediction 1 · hint: The run took longer than 1.00 s: look for pale bars, time spent waiting adds to the makespan.",
            check.Verdict.ToString());
        Assert.Equal("✗ makespan: guess 1.00 s, run 4.00 s", check.Items[0].ToString());
        Assert.Equal("✓ peak concurrency: guess 3, run 3", check.Items[1].ToString());
    }

    [Theory]
    [InlineData(3.95, true)]
    [InlineData(4.05, true)]
    [InlineData(3.94, false)]
    [InlineData(4.06, false)]
    public async Task Check_MakespanNearTheRun_RightOnlyWithinFiftyMilliseconds(double guess, bool right)
    {
        var timeline = await TenJobsThreeSlots();

        Assert.Equal(right, timeline.Check(new Prediction { Makespan = guess }).Passed);
    }

    [Fact]
    public async Task Check_ZeroTolerance_AsksForTheExactFigure()
    {
        var timeline = await TenJobsThreeSlots();

        Assert.True(timeline.Check(new Prediction { Makespan = 4.0, MakespanTolerance = 0 }).Passed);
        Assert.False(timeline.Check(new Prediction { Makespan = 4.01, MakespanTolerance = 0 }).Passed);
    }

    [Fact]
    public async Task Check_OrderSwappedWithinATie_StillRight()
    {
        var timeline = await TenJobsThreeSlots();
        string[] order = ["job 2", "job 1", "job 0", "job 5", "job 4", "job 3", "job 8", "job 7", "job 6", "job 9"];

        var check = timeline.Check(new Prediction { FinishOrder = order });

        Assert.True(check.Passed);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"job {i}"), check.FinishOrder);
    }

    [Fact]
    public async Task Check_OrderAcrossWaves_NamesTheTaskThatFinishedEarlier()
    {
        var timeline = await TenJobsThreeSlots();
        string[] order = ["job 9", "job 1", "job 2", "job 3", "job 4", "job 5", "job 6", "job 7", "job 8", "job 0"];

        var check = timeline.Check(new Prediction { FinishOrder = order });

        Assert.Equal("'job 1' finished before 'job 9': which of the two had less to do, or waited less?", check.Verdict.Message);
    }

    [Fact]
    public async Task Check_OrderMissingATask_SaysHowManyTheRunHad()
    {
        var timeline = await TenJobsThreeSlots();

        var check = timeline.Check(new Prediction { FinishOrder = ["job 0"] });

        Assert.Equal("The run had 10 tasks; your order names 1. Name each task once.", check.Verdict.Message);
    }

    [Fact]
    public async Task Check_LastToEndWrongAndPeakTooHigh_FirstWrongGuessGivesTheHint()
    {
        var timeline = await TenJobsThreeSlots();

        var check = timeline.Check(new Prediction { PeakConcurrency = 10, LastToEnd = "job 0" });

        Assert.Equal("Fewer than 10 tasks were ever in progress at once: look for a limit, or for awaits one after another.", check.Verdict.Message);
        Assert.Equal("✗ last to end: guess job 0, run job 9", check.Items[1].ToString());
        Assert.Equal(
            "✗ Prediction · hint: Fewer than 10 tasks were ever in progress at once: look for a limit, or for awaits one after another.\n" +
            "✗ peak concurrency: guess 10, run 3\n" +
            "✗ last to end: guess job 0, run job 9",
            check.ToString());
    }

    [Fact]
    public async Task Check_QueueNamedThatTheRunDidNotUse_ThrowsNamingTheWatchedOnes()
    {
        var timeline = await TenJobsThreeSlots();

        var error = Assert.Throws<ArgumentException>(() => timeline.Check(new Prediction { QueuePeak = 2, Queue = "jobs" }));

        Assert.StartsWith("No queue, channel or semaphore called 'jobs' in this run. Watched: 'gate'.", error.Message);
    }

    [Fact]
    public async Task Check_NoGuess_ThrowsWithAnExample()
    {
        var timeline = await TenJobsThreeSlots();

        var error = Assert.Throws<ArgumentException>(() => timeline.Check(new Prediction()));

        Assert.Contains("new Prediction { Makespan = 2.0", error.Message);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Makespan_NotASecondCount_Throws(double seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Prediction { Makespan = seconds });

    [Fact]
    public void PeakConcurrency_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Prediction { PeakConcurrency = -1 });
}
