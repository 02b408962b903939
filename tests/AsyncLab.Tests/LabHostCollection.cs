namespace AsyncLab.Tests;

/// <summary>
/// Tests that install a <see cref="LabHost"/> (process-wide, as the notebook's is) or redirect the console run in this
/// collection, with nothing else in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabHostCollection
{
    public const string Name = "LabHost";
}
