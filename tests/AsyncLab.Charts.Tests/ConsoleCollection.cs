namespace AsyncLab.Charts.Tests;

/// <summary>Tests that install a host, redirect the console or set ASYNCLAB_CHARTS run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
