using System.Diagnostics;
using Microsoft.DotNet.Interactive.Documents;

namespace AsyncLab.Runner.Execution;

/// <summary>
/// Runs a notebook top to bottom on the pinned .NET Interactive kernel (the one VS Code uses), with the notebook's
/// folder as working directory, and returns every cell's outputs.
/// </summary>
/// <example>
/// <code>
/// var run = await NotebookExecutor.RunAsync("notebooks/01-fan-out-whenall.dib", new ExecutorOptions { RunTwice = true });
/// Assert.True(run.Succeeded, run.Describe());
/// </code>
/// </example>
public static class NotebookExecutor
{
    /// <summary>
    /// Runs the notebook at <paramref name="notebookPath"/> (.dib or .ipynb). A failing cell does not stop the run:
    /// later cells still run, as with "Run All" in an editor. A timed-out cell stops the kernel; the cells after it are
    /// reported as skipped. A cell stopped by <see cref="ExecutorOptions.PressStopAfter"/> (the stop button) keeps the
    /// kernel: the next cell runs in it. Canceling <paramref name="cancellationToken"/> abandons the whole run and kills
    /// the kernel; it does not press stop.
    /// </summary>
    /// <exception cref="NotebookFormatException">The notebook is missing or malformed.</exception>
    public static async Task<NotebookRun> RunAsync(string notebookPath, ExecutorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExecutorOptions();
        options.Validate();
        var path = Path.GetFullPath(notebookPath);
        var document = NotebookFile.Load(path);
        var workingDirectory = options.WorkingDirectory ?? Path.GetDirectoryName(path)!;
        var app = options.KernelAppPath ?? await KernelTool.FindOrRestoreAsync(workingDirectory, cancellationToken);
        var clock = Stopwatch.StartNew();
        var session = await KernelSession.StartAsync(app, workingDirectory, options.VirtualTime, options.Environment);
        try
        {
            var first = await RunPassAsync(session, document, 1, options, cancellationToken);
            var second = Array.Empty<CellResult>();
            if (options.RunTwice && first.All(c => !c.IsProblem))
            {
                second = (await RunPassAsync(session, document, 2, options, cancellationToken)).Where(c => c.IsCode).ToArray();
            }
            return new NotebookRun(path, first, second, clock.Elapsed);
        }
        finally
        {
            session.Dispose();
        }
    }

    /// <summary>The setup cells may build the notebook integration on first use, so they get at least ten minutes.</summary>
    private static TimeSpan TimeoutFor(string code, ExecutorOptions options) =>
        Export.LessonRules.IsSetupCell(code) && options.CellTimeout < SetupCellTimeout ? SetupCellTimeout : options.CellTimeout;

    private static readonly TimeSpan SetupCellTimeout = TimeSpan.FromMinutes(10);

    /// <summary>When <see cref="ExecutorOptions.PressStopAfter"/> says to press stop in this cell, checked.</summary>
    private static TimeSpan? PressStopAfter(int number, string code, ExecutorOptions options)
    {
        if (options.PressStopAfter?.Invoke(number, code) is not { } after)
        {
            return null;
        }
        if (after < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), after, $"PressStopAfter returned {after} for cell {number}: return zero or more, or null to let the cell run.");
        }
        return after;
    }

    private static async Task<CellResult[]> RunPassAsync(
        KernelSession session, InteractiveDocument document, int pass, ExecutorOptions options, CancellationToken cancellationToken)
    {
        var results = new CellResult[document.Elements.Count];
        var stopped = false;
        for (var i = 0; i < results.Length; i++)
        {
            var cell = document.Elements[i];
            var kernel = cell.KernelName ?? "csharp";
            var code = cell.Contents ?? "";
            if (!NotebookFile.IsCode(cell))
            {
                results[i] = new CellResult(i + 1, kernel, code, CellStatus.NotCode, [], null, TimeSpan.Zero, pass);
                continue;
            }
            if (stopped)
            {
                results[i] = new CellResult(i + 1, kernel, code, CellStatus.Skipped, [], "not run: the kernel was stopped after an earlier cell timed out", TimeSpan.Zero, pass);
                continue;
            }
            var pressStopAfter = string.IsNullOrWhiteSpace(code) ? null : PressStopAfter(i + 1, code, options);
            var clock = Stopwatch.StartNew();
            var submitted = string.IsNullOrWhiteSpace(code)
                ? new Submission([], null)
                : await session.SubmitAsync(kernel, options.RewriteCode?.Invoke(code) ?? code, TimeoutFor(code, options), pressStopAfter, cancellationToken);
            results[i] = submitted switch
            {
                null => new CellResult(i + 1, kernel, code, CellStatus.TimedOut, [],
                    $"timed out after {TimeoutFor(code, options).TotalSeconds:0.#} s", clock.Elapsed, pass),
                { StoppedAfter: { } stoppedAfter } => new CellResult(i + 1, kernel, code, CellStatus.Stopped, submitted.Outputs,
                    submitted.Error, clock.Elapsed, pass, stoppedAfter),
                { Error: null } => new CellResult(i + 1, kernel, code, CellStatus.Succeeded, submitted.Outputs, null, clock.Elapsed, pass),
                _ => new CellResult(i + 1, kernel, code, CellStatus.Failed, submitted.Outputs, submitted.Error, clock.Elapsed, pass),
            };
            stopped = submitted is null;
            options.Progress?.Report(results[i]);
        }
        return results;
    }
}
