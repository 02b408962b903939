namespace AsyncLab.Tests.Charts;

/// <summary>Tests that redirect the console or set ASYNCLAB_CHARTS run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleShowCollection
{
    public const string Name = "ConsoleShow";
}
