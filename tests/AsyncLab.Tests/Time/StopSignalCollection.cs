namespace AsyncLab.Tests.Time;

/// <summary>Tests that replace the process-wide <see cref="Lab.StopSignal"/> run in this collection, with nothing else in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StopSignalCollection
{
    public const string Name = "Lab.StopSignal";
}
