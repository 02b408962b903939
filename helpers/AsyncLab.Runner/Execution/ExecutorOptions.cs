namespace AsyncLab.Runner.Execution;

/// <summary>How <see cref="NotebookExecutor"/> runs a notebook.</summary>
public sealed record ExecutorOptions
{
    /// <summary>
    /// The longest one code cell may run before it is stopped and reported. Default: 120 seconds. The two setup cells
    /// (which may build the notebook integration on a fresh clone) get at least ten minutes.
    /// </summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// When true, after the first pass succeeds every cell runs a second time, in order, in the same kernel
    /// (what a learner does with "Run All" twice). The second pass lands in <see cref="NotebookRun.SecondPass"/>.
    /// </summary>
    public bool RunTwice { get; init; }

    /// <summary>
    /// When true, the kernel starts with <c>ASYNCLAB_TIME=virtual</c> (<see cref="Lab.TimeModeVariable"/>), so every lab
    /// the notebook makes without an explicit <c>virtualTime:</c> runs in virtual time and its figures come out exact.
    /// False (the default) starts the kernel in real time, whatever this process's own environment says; a lab made
    /// with <c>virtualTime: true</c> is virtual either way.
    /// </summary>
    public bool VirtualTime { get; init; }

    /// <summary>
    /// Extra environment variables for the kernel process (and so for every process it starts), e.g.
    /// <c>DOTNET_GCHeapHardLimit</c> to cap its memory; this process's own environment is not changed. Linux and macOS
    /// only (the kernel is started through <c>env</c>). Default: none, the kernel inherits this process's environment.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The kernel's working directory. Default: the notebook's own folder, as in VS Code.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Optional rewrite applied to each code cell's text before it is sent (the stored notebook is not changed).
    /// Tests use it to swap setup cells; leave null to run the notebook exactly as written.
    /// </summary>
    public Func<string, string>? RewriteCode { get; init; }

    /// <summary>
    /// Optional stop button: called with each code cell's number (counting every cell from 1) and its text as stored;
    /// return how long after the cell starts to press stop, or null to let it run. When the cell is still running then,
    /// the executor sends the kernel's <c>Cancel</c> command (what VS Code's stop button sends), waits for the cell to end
    /// (within <see cref="CellTimeout"/>, counted from the cell's start), reports it as <see cref="CellStatus.Stopped"/>
    /// with <see cref="CellResult.StoppedAfter"/>, and goes on with the next cell in the same kernel. A cell that ends
    /// before its press is reported as usual. Leave null (the default) to never press stop.
    /// </summary>
    /// <example><c>PressStopAfter = (number, code) =&gt; code.Contains("// stop me") ? TimeSpan.FromSeconds(1) : null</c></example>
    public Func<int, string, TimeSpan?>? PressStopAfter { get; init; }

    /// <summary>Called after each code cell finishes (both passes), e.g. to move a progress bar.</summary>
    public IProgress<CellResult>? Progress { get; init; }

    /// <summary>
    /// The kernel's Microsoft.DotNet.Interactive.App.dll. Default: found in the pinned dotnet-interactive tool package
    /// (restored with <c>dotnet tool restore</c> when missing).
    /// </summary>
    public string? KernelAppPath { get; init; }

    /// <summary>Checks the options and says what to change.</summary>
    internal void Validate()
    {
        if (Environment is { Count: > 0 } && OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("ExecutorOptions.Environment needs Linux or macOS; leave it null on Windows.");
        }
        if (Environment?.Keys.FirstOrDefault(name => name.Length == 0 || name.Contains('=')) is { } bad)
        {
            throw new ArgumentException($"The environment variable name '{bad}' is empty or holds '='.", nameof(Environment));
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CellTimeout, TimeSpan.Zero, nameof(CellTimeout));
        if (KernelAppPath is { } app && !File.Exists(app))
        {
            throw new ArgumentException($"The kernel app '{app}' does not exist. Leave KernelAppPath null to use the pinned tool.", nameof(KernelAppPath));
        }
    }
}
