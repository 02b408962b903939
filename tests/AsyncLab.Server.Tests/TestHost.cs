namespace AsyncLab.Server.Tests;

/// <summary>Servers register on the lab host's stop signal, which is process-wide: the server tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "servers";
}

/// <summary>A host whose stop button is a token the test controls.</summary>
internal sealed class TestHost(CancellationToken stopping) : LabHost
{
    public override CancellationToken Stopping => stopping;

    public override void Show(object? value)
    {
    }
}
