namespace AsyncLab.Interactive.Tests;

/// <summary>Tests that change process-wide notebook state (formatters, Lab handlers) run one after another.</summary>
[CollectionDefinition(nameof(InProcessKernelCollection), DisableParallelization = true)]
public sealed class InProcessKernelCollection;
