namespace AsyncLab.Tests.Time;

/// <summary>The host's stop signal is process-wide (the notebook installs its host once), so these tests run alone.</summary>
[Collection(LabHostCollection.Name)]
public sealed class StopSignalTests
{
    [Fact]
    public async Task Run_StopSignalCanceled_CancelsTheLabsDelays()
    {
        using var stop = new CancellationTokenSource();
        using var host = LabHost.Install(new TestHost(stop.Token));
        var lab = new Lab(virtualTime: true);

        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.Run(() => lab.Delay(10)));
    }

    [Fact]
    public async Task Run_RealTimeScenarioThatNeverEnds_StopsWhenTheStopSignalFires()
    {
        using var stop = new CancellationTokenSource();
        using var host = LabHost.Install(new TestHost(stop.Token));
        var lab = new Lab();
        var neverReleased = new SemaphoreSlim(0);

        var run = lab.Run(() => neverReleased.WaitAsync());
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
