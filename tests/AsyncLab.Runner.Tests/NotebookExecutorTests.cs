using System.Diagnostics;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Tests;

/// <summary>The executor on small fixture notebooks: outputs, working folder, errors, time-outs, the stop button, bad files.</summary>
public sealed class NotebookExecutorTests
{
    [Fact]
    public async Task RunAsync_Fixture_CollectsOutputsByKindInTheNotebooksFolder()
    {
        var run = await NotebookExecutor.RunAsync(Repo.Fixture("hello.dib"), new ExecutorOptions { RunTwice = true }, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal(CellStatus.NotCode, run.Cells[0].Status);
        var hello = run.Cells[1];
        Assert.Equal(2, hello.Number);
        Assert.Equal(OutputKind.StandardOutput, Assert.Single(hello.Outputs).Kind);
        Assert.Contains("hello from " + Path.GetDirectoryName(Repo.Fixture("hello.dib")), hello.Text);
        Assert.Equal("3", Assert.Single(run.Cells[2].Outputs, o => o.Kind == OutputKind.ReturnValue).Text.Trim());
        Assert.Equal(2, run.SecondPass.Count);
        Assert.All(run.SecondPass, c => Assert.Equal(2, c.Pass));
    }

    [Fact]
    public async Task RunAsync_DisplayAndTrailingValue_ComeBackAsHtmlInOrder()
    {
        var run = await NotebookExecutor.RunAsync(Repo.Fixture("display.dib"), cancellationToken: TestContext.Current.CancellationToken);

        var outputs = run.Cells[1].Outputs;
        Assert.Equal([OutputKind.Display, OutputKind.ReturnValue], outputs.Select(o => o.Kind));
        Assert.NotNull(outputs[0]["text/html"]);
        Assert.Equal("3", outputs[1].Text.Trim());
    }

    [Fact]
    public async Task RunAsync_FailingCells_ReportsEachAndKeepsRunningLaterCells()
    {
        var run = await NotebookExecutor.RunAsync(Repo.Fixture("failing.dib"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(run.Succeeded);
        Assert.Equal(
            [CellStatus.NotCode, CellStatus.Succeeded, CellStatus.Failed, CellStatus.Failed, CellStatus.Succeeded],
            run.Cells.Select(c => c.Status));
        Assert.Contains("boom on purpose", run.Cells[2].Error);
        Assert.Contains("CS0029", run.Cells[3].Error);
        var message = run.Describe()!;
        Assert.Contains("failing: cell 3 failed", message);
        Assert.Contains("throw new InvalidOperationException", message);
        Assert.Contains("boom on purpose", message);
        Assert.Empty(run.SecondPass);
    }

    [Fact]
    public async Task RunAsync_VirtualTimeThenDefault_KernelGetsVirtualThenRealTime()
    {
        // The runner's own ASYNCLAB_TIME is not checked here: other tests start kernels at the same time and set it
        // for a moment while their kernel starts.
        var inVirtualTime = await NotebookExecutor.RunAsync(Repo.Fixture("clock.dib"), new ExecutorOptions { VirtualTime = true }, TestContext.Current.CancellationToken);
        var afterwards = await NotebookExecutor.RunAsync(Repo.Fixture("clock.dib"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(inVirtualTime.Succeeded, inVirtualTime.Describe());
        Assert.Contains("ASYNCLAB_TIME=virtual", inVirtualTime.Cells[1].Text);
        Assert.True(afterwards.Succeeded, afterwards.Describe());
        Assert.Contains("ASYNCLAB_TIME=real", afterwards.Cells[1].Text);
    }

    [Fact]
    public async Task RunAsync_CellLongerThanTimeout_StopsTheKernelAndSkipsTheRest()
    {
        var clock = Stopwatch.StartNew();
        var run = await NotebookExecutor.RunAsync(Repo.Fixture("slow.dib"), new ExecutorOptions { CellTimeout = TimeSpan.FromSeconds(3) }, TestContext.Current.CancellationToken);

        Assert.Equal(CellStatus.TimedOut, run.Cells[1].Status);
        Assert.Contains("timed out after 3 s", run.Cells[1].Error);
        Assert.Equal(CellStatus.Skipped, run.Cells[2].Status);
        Assert.Contains("slow: cell 2 timed out", run.Describe());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_PressStopInALongCell_StopsItAndRunsTheNextCellInTheSameKernel()
    {
        var options = new ExecutorOptions
        {
            RunTwice = true,
            PressStopAfter = (_, code) => code.Contains("// stop me", StringComparison.Ordinal) ? TimeSpan.FromSeconds(1) : null,
        };

        var run = await NotebookExecutor.RunAsync(Repo.Fixture("stop.dib"), options, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal([CellStatus.NotCode, CellStatus.Succeeded, CellStatus.Stopped, CellStatus.Succeeded], run.Cells.Select(c => c.Status));
        Assert.Equal([CellStatus.Succeeded, CellStatus.Stopped, CellStatus.Succeeded], run.SecondPass.Select(c => c.Status));
        foreach (var stopped in new[] { run.Cells[2], run.SecondPass[1] })
        {
            var stoppedAfter = Assert.NotNull(stopped.StoppedAfter);
            Assert.True(stoppedAfter < TimeSpan.FromSeconds(1), $"the cell ended {stoppedAfter.TotalSeconds:0.000} s after the stop");
            Assert.True(stopped.Duration >= TimeSpan.FromSeconds(1), $"stopped after {stopped.Duration.TotalSeconds:0.000} s, before the press");
            Assert.Contains("cancel", stopped.Error, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("not stopped", stopped.Text);
        }
        Assert.Contains("after: same kernel", run.Cells[3].Text);
        Assert.Contains("after: same kernel", run.SecondPass[2].Text);
        Assert.All(run.Cells.Concat(run.SecondPass).Where(c => c.Status != CellStatus.Stopped), c => Assert.Null(c.StoppedAfter));
    }

    [Fact]
    public async Task RunAsync_PressStopAfterTheCellEnded_AsksForEachCodeCellAndReportsItAsUsual()
    {
        var asked = new List<(int Number, string Code)>();
        var options = new ExecutorOptions
        {
            PressStopAfter = (number, code) =>
            {
                asked.Add((number, code));
                return TimeSpan.FromSeconds(30);
            },
        };

        var run = await NotebookExecutor.RunAsync(Repo.Fixture("hello.dib"), options, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal([2, 3], asked.Select(a => a.Number));
        Assert.Equal(run.CodeCells.Select(c => c.Code), asked.Select(a => a.Code));
        Assert.All(run.CodeCells, c => Assert.Equal(CellStatus.Succeeded, c.Status));
        Assert.All(run.CodeCells, c => Assert.Null(c.StoppedAfter));
    }

    [Fact]
    public async Task RunAsync_PressStopAfterNegative_ThrowsArgumentOutOfRangeNamingTheCell()
    {
        var options = new ExecutorOptions { PressStopAfter = (_, _) => TimeSpan.FromSeconds(-1) };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            NotebookExecutor.RunAsync(Repo.Fixture("hello.dib"), options, TestContext.Current.CancellationToken));

        Assert.Contains("PressStopAfter returned", error.Message);
        Assert.Contains("cell 2", error.Message);
    }

    [Fact]
    public async Task RunAsync_AfterARun_LeavesNoKernelProcessBehind()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the check reads the kernel processes from /proc");
        var folder = Repo.TempFolder("runner-kernel-probe");
        var notebook = Path.Combine(folder, "probe.dib");
        File.Copy(Repo.Fixture("hello.dib"), notebook);
        var before = AllKernelIds();

        await NotebookExecutor.RunAsync(notebook, cancellationToken: TestContext.Current.CancellationToken);

        await Task.Delay(500, TestContext.Current.CancellationToken);
        var leftOver = AllKernelIds().Except(before).Where(id => Cwd(id).Contains("runner-kernel-probe", StringComparison.Ordinal));
        Assert.Empty(leftOver);
    }

    [Theory]
    [InlineData("", "has no cells")]
    [InlineData("just some text\nwithout a kernel line\n", "malformed")]
    [InlineData("#!meta\n\n{\"kernelInfo\": [not json\n\n#!csharp\n1\n", "malformed")]
    public async Task RunAsync_MalformedNotebook_ThrowsNotebookFormatExceptionWithReason(string text, string reason)
    {
        var path = Path.Combine(Repo.TempFolder("malformed"), "bad.dib");
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<NotebookFormatException>(() => NotebookExecutor.RunAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(reason, error.Message);
        Assert.Contains("bad.dib", error.Message);
    }

    [Fact]
    public async Task RunAsync_MissingNotebook_ThrowsNotebookFormatException()
    {
        var error = await Assert.ThrowsAsync<NotebookFormatException>(() => NotebookExecutor.RunAsync("/nowhere/lesson.dib", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task RunAsync_ZeroTimeout_ThrowsArgumentOutOfRange()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            NotebookExecutor.RunAsync(Repo.Fixture("hello.dib"), new ExecutorOptions { CellTimeout = TimeSpan.Zero }, TestContext.Current.CancellationToken));
    }

    private static HashSet<int> AllKernelIds() =>
        Process.GetProcessesByName("dotnet").Where(p => CommandLine(p).Contains("Microsoft.DotNet.Interactive.App.dll", StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();

    private static string CommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Cwd(int id)
    {
        try
        {
            return new FileInfo($"/proc/{id}/cwd").LinkTarget ?? "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
