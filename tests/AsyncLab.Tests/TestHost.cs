namespace AsyncLab.Tests;

/// <summary>A host for tests: it keeps what the lab shows, and its stop button is a token the test controls.</summary>
internal sealed class TestHost(CancellationToken stopping = default) : LabHost
{
    public List<object?> Shown { get; } = [];

    public override CancellationToken Stopping => stopping;

    public override void Show(object? value) => Shown.Add(value);
}
