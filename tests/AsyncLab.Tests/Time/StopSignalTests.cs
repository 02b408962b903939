namespace AsyncLab.Tests.Time;

/// <summary>Lab.StopSignal is process-wide (the notebook sets it once), so these tests run alone.</summary>
[Collection(StopSignalCollection.Name)]
public sealed class StopSignalTests
{
    [Fact]
    public async Task Run_StopSignalCanceled_CancelsTheLabsDelays()
    {
        using var stop = new CancellationTokenSource();
        var previous = Lab.StopSignal;
        Lab.StopSignal = () => stop.Token;
        try
        {
            var lab = new Lab(virtualTime: true);
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.Run(() => lab.Delay(10)));
        }
        finally
        {
            Lab.StopSignal = previous;
        }
    }

    [Fact]
    public async Task Run_RealTimeScenarioThatNeverEnds_StopsWhenTheStopSignalFires()
    {
        using var stop = new CancellationTokenSource();
        var previous = Lab.StopSignal;
        Lab.StopSignal = () => stop.Token;
        try
        {
            var lab = new Lab();
            var neverReleased = new SemaphoreSlim(0);
            var run = lab.Run(() => neverReleased.WaitAsync());
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
        finally
        {
            Lab.StopSignal = previous;
        }
    }
}
