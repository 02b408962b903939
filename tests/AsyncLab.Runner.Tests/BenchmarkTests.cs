using System.Diagnostics;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// The benchmark (tests/AsyncLab.Benchmarks) is not run at full size by the tests; these prove that its comparison with
/// Python asyncio still runs at smoke size and prints every table, and that the README's performance section is the
/// one the benchmark wrote into RESULTS.md. The figures themselves are never asserted here.
/// </summary>
public sealed class BenchmarkTests
{
    private const string Start = "<!-- benchmark:start";
    private const string End = "<!-- benchmark:end -->";

    [Fact]
    public async Task CompareAtSmokeSizeExitsZeroAndPrintsEveryTable()
    {
        // The benchmark is built beside this project, in the same configuration and framework folder.
        var folder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var program = Path.Combine(Repo.Root, "tests", "AsyncLab.Benchmarks", "bin", folder.Parent!.Name, folder.Name, "AsyncLab.Benchmarks.dll");
        Assert.True(File.Exists(program), $"{program} was not built");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { program, "compare", "--smoke" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("compare --smoke ran for over 90 s and was stopped");
        }
        var text = await output;
        Assert.True(process.ExitCode == 0, $"compare --smoke exited with {process.ExitCode}: {await error}");
        string[] tables =
        [
            "### Reference scenarios in real time",
            "### Fan-out: N tasks that each await 100 ms",
            "### Throughput",
            "### What watching costs",
            "### README claims",
        ];
        foreach (var table in tables)
        {
            Assert.Contains(table, text, StringComparison.Ordinal);
        }
        Assert.Contains("Smoke run: small sizes, once; the claims are not judged and nothing is written.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmePerformanceSectionIsTheOneInResults()
    {
        var readme = Section(Path.Combine(Repo.Root, "README.md"));
        var results = Section(Path.Combine(Repo.Root, "tests", "AsyncLab.Benchmarks", "RESULTS.md"));
        Assert.Contains("| fan-out of 100,000 tasks × 100 ms, wall time |", results, StringComparison.Ordinal);
        Assert.Equal(results, readme);
    }

    private static string Section(string path)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start,
            $"{path} has no benchmark section; run `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- compare` to write it");
        return text[start..(end + End.Length)];
    }
}
