namespace AsyncLab.Charts.Tests;

/// <summary>Browser tests run one at a time: timings on a 2-core machine mean nothing when pages draw in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChromiumCollection
{
    public const string Name = "Chromium";
}
