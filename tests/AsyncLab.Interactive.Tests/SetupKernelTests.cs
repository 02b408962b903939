using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Interactive.Tests;

/// <summary>
/// Runs Notebooks/tiny.dib on the pinned dotnet-interactive kernel (the one VS Code starts), twice in one kernel.
/// This proves the FSharp.Core fix, the formatters and a harmless setup re-run together, as a learner meets them.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class SetupKernelTests
{
    private static readonly Lazy<Task<NotebookRun>> TinyRun = new(() => NotebookExecutor.RunAsync(
        SourcePath(),
        new ExecutorOptions { RunTwice = true, CellTimeout = TimeSpan.FromMinutes(10) }));

    private static string SourcePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "AsyncLab.Interactive.Tests", "Notebooks", "tiny.dib");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tests/AsyncLab.Interactive.Tests/Notebooks/tiny.dib not found above the test binaries.");
    }

    [Fact]
    public async Task TinyNotebook_OnTheRealKernel_RunsEveryCellTwiceWithoutError()
    {
        var run = await TinyRun.Value;

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal(run.CodeCells.Count, run.SecondPass.Count(c => c.IsCode));
    }

    [Fact]
    public async Task TimelineAsLastValue_OnTheRealKernel_ShowsChartStaticPictureAndSummary()
    {
        var run = await TinyRun.Value;
        var cell = run.CodeCells[2];
        var html = Assert.Single(cell.Outputs, o => o["text/html"] is not null)["text/html"]!;

        Assert.Contains("asynclab-plot", html);
        Assert.Contains("<svg", html);
        Assert.Contains("data-asynclab-plotly", html);
        Assert.Contains("3 tasks · makespan 1.00 s · peak concurrency 3 · ideal 1.00 s", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("FSharp.Core", cell.Error ?? "");
    }

    [Fact]
    public async Task PlotlyChart_OnTheRealKernel_DrawsOfflineWithoutAnFSharpCoreError()
    {
        var run = await TinyRun.Value;
        var cell = run.CodeCells[3];

        Assert.Null(cell.Error);
        var html = Assert.Single(cell.Outputs, o => o["text/html"] is not null)["text/html"]!;
        Assert.Contains("data-asynclab-plotly", html);
        Assert.DoesNotMatch("<script[^>]+src=\"?https?:", html);   // no CDN; plotly.js itself mentions its CDN in a default
        Assert.DoesNotContain("require.config", html);
    }

    [Fact]
    public async Task XPlot_NotebookThatHasNotAskedForIt_HasNotLoadedIt()
    {
        var run = await TinyRun.Value;
        var cell = run.CodeCells[4];

        Assert.Null(cell.Error);
        Assert.Contains("XPlot assemblies loaded: none", cell.Text);
        // The control: the same cell, run again after the XPlot cell, sees it.
        Assert.Contains("XPlot.Plotly", run.SecondPass[4].Text);
    }

    [Fact]
    public async Task XPlotChart_OnTheRealKernel_DrawsOfflineWithTheBundledPlotly()
    {
        var run = await TinyRun.Value;
        var cell = run.CodeCells[5];

        Assert.Null(cell.Error);
        var html = Assert.Single(cell.Outputs, o => o["text/html"] is not null)["text/html"]!;
        Assert.Single(Regex.Matches(html, "<script data-asynclab-plotly"));
        Assert.DoesNotMatch("<script[^>]+src=\"?https?:", html);
        Assert.Contains("Plotly.newPlot", html);
    }

    [Fact]
    public async Task SetupCells_OnAWarmKernel_TakeUnderTwoSeconds()
    {
        var run = await TinyRun.Value;
        var setup = run.SecondPass.Where(c => c.IsCode).Take(2).ToList();

        Assert.All(setup, c => Assert.True(c.Duration < TimeSpan.FromSeconds(2), $"{c.Duration.TotalSeconds:0.00} s"));
    }

    [Fact]
    public async Task LabShow_OnTheRealKernel_DisplaysTheVerdict()
    {
        var run = await TinyRun.Value;

        Assert.Contains("✓ tiny: all checks pass", run.CodeCells[6].Text);
    }

    [Fact]
    public async Task SetupCell_RunAgainInTheSameKernel_SaysUpToDateInsteadOfRebuilding()
    {
        var run = await TinyRun.Value;
        var again = run.SecondPass.First(c => c.IsCode);

        Assert.Contains("AsyncLab helpers ready (up to date)", again.Text);
        Assert.DoesNotContain("built in", again.Text);
    }
}
