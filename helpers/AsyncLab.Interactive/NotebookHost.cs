using AsyncLab.Exercises;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace AsyncLab.Interactive;

/// <summary>
/// The lab's host inside the kernel (installed by <see cref="Notebook.Attach"/>): <see cref="Lab.Show"/> displays in
/// the running cell's output, and the cell's stop button cancels the lab's waits.
/// </summary>
internal sealed class NotebookHost : LabHost
{
    public static NotebookHost Instance { get; } = new();

    private NotebookHost()
    {
    }

    public override CancellationToken Stopping => KernelInvocationContext.Current?.CancellationToken ?? CancellationToken.None;

    public override void Show(object? value)
    {
        if (KernelInvocationContext.Current is { } context)
        {
            // Our own types go out as HTML (the chart) plus plain text (the summary line) for plain-text readers;
            // everything else uses the kernel's usual choice.
            if (value is Timeline or TimelineReplay or XPlotView or GenericChart or CheckResult or PredictionCheck or SweepResult or SweepComparison || XPlotFormatter.Handles(value))
            {
                context.Display(value, HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
            }
            else
            {
                context.Display(value ?? "(null)");
            }
        }
        else
        {
            // No cell is running on this thread (a timer or a task the cell did not await): the kernel may drop
            // displays here (dotnet/interactive#711), standard output at least reaches the log.
            Console.WriteLine(value is Timeline timeline ? timeline.Summary : value);
        }
    }
}
