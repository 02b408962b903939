namespace AsyncLab.Runner.Tests;

/// <summary>
/// One heavy or timing-sensitive job at a time in this test process: a kernel run, a generated app run, a browser
/// session. Real-time makespans are compared to 5%, so these must not compete for the two cores.
/// </summary>
internal sealed class Turn : IDisposable
{
    private static readonly SemaphoreSlim Gate = new(1);
    private int _released;

    private Turn()
    {
    }

    /// <summary>Waits for the turn; dispose the result to pass it on.</summary>
    public static async Task<Turn> TakeAsync()
    {
        await Gate.WaitAsync();
        return new Turn();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Gate.Release();
        }
    }
}
