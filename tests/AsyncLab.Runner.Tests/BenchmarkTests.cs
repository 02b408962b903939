using System.Diagnostics;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// The benchmark (tests/AsyncLab.Benchmarks) is not run at full size by the tests; these prove that its one command
/// still runs every topic at smoke size and prints every table, that its command lines fail clearly, and that the
/// README's time and performance tables are the ones generated from RESULTS.md. The figures themselves are never
/// asserted here.
/// </summary>
public sealed class BenchmarkTests
{
    private const string Start = "<!-- benchmark:start";
    private const string End = "<!-- benchmark:end -->";

    [Fact]
    public async Task AllAtSmokeSizeRunsEveryTopicPrintsItsTablesAndWritesNothing()
    {
        // The one command CI runs: every topic at its smoke size (scenarios, BenchmarkDotNet's dry job, cost, compare,
        // one chart drawn in /usr/bin/chromium, which CI installs), then the README's tables checked against RESULTS.md.
        var results = Path.Combine(Repo.Root, "tests", "AsyncLab.Benchmarks", "RESULTS.md");
        var readme = Path.Combine(Repo.Root, "README.md");
        var before = (await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken), await File.ReadAllTextAsync(readme, TestContext.Current.CancellationToken));

        var (exitCode, text, error) = await RunBenchmark(["all", "--smoke"], TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, $"all --smoke exited with {exitCode}: {error}\n{text}");
        string[] printed =
        [
            // scenarios
            "Reference scenarios (scenarios.md) on the real clock, 1 run(s) each",
            // events
            "| operation | events | time | allocated | time per event | allocated per event | watched ÷ plain time |",
            "Smoke run: BenchmarkDotNet's dry job; nothing is written.",
            // cost
            "Smoke run: small sizes and one run",
            // compare
            "### Reference scenarios in real time",
            "### Fan-out: N tasks that each await 100 ms",
            "### Throughput",
            "### What watching costs",
            "### README claims",
            "Smoke run: small sizes, once; the claims are not judged and nothing is written.",
            // charts
            "| tasks | build (ToHtml) | HTML size | draw (median) | draw runs |",
            "Smoke run: 100 tasks, once; nothing is written.",
            // readme, then the summary of every topic
            "README tables (compare, events, lessons) match RESULTS.md.",
            "| topic | what | exit code | time |",
            "Every topic ran at its smoke size.",
        ];
        foreach (var line in printed)
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }
        // Events per operation are counted, not assumed: four for a task, two for each watched pair, none unwatched.
        Assert.Matches(@"\| task: Track, Begin, end, Dispose \| 4 \| [\d.]+ ns \| [\d,]+ B \| [\d.]+ ns \| \d+ B \| - \|", text);
        Assert.Matches(@"\| watched semaphore: WaitAsync, Release \| 2 \| [\d.]+ ns \| [\d,]+ B \| [\d.]+ ns \| \d+ B \| [\d.]+ \|", text);
        Assert.Matches(@"\| plain SemaphoreSlim: WaitAsync, Release \| 0 \| [\d.]+ ns \| [\d,]+ B \| - \| - \| - \|", text);
        Assert.Matches(@"\| watched channel: WriteAsync, ReadAsync \| 2 \| [\d.]+ ns \| [\d,]+ B \| [\d.]+ ns \| \d+ B \| [\d.]+ \|", text);
        Assert.Matches(@"\| plain channel: WriteAsync, ReadAsync \| 0 \| [\d.]+ ns \| [\d,]+ B \| - \| - \| - \|", text);
        Assert.Matches(@"\| 100 \| \d+ ms \| \d+\.\d\d MB \| \d+ ms \| \d+ ms \|", text);
        foreach (var topic in new[] { "scenarios", "events", "cost", "compare", "charts", "readme" })
        {
            Assert.Matches($@"\| {topic} \| [^|]+ \| 0 \| \d+ s \|", text);
        }
        Assert.Equal(before, (await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken), await File.ReadAllTextAsync(readme, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("all", "--quick", "use --smoke")]
    [InlineData("events", "--fast", "use --smoke")]
    [InlineData("lessons", "--warm", "use --cold")]
    [InlineData("readme", "--fix", "use --check (compare only), --readme=PATH")]
    [InlineData("compare", "--small", "use --smoke")]
    public async Task BadOptionExitsTwoNamingTheOptionAndTheFix(string command, string option, string fix)
    {
        var (exitCode, text, error) = await RunBenchmark([command, option], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"{command} {option} exited with {exitCode}, not 2: {error}\n{text}");
        Assert.StartsWith($"error: unknown option '{option}' for {command}; {fix}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareCheckExitsOneWhenAClaimNoLongerHolds()
    {
        // A stand-in for python3 that reports every workload done in a microsecond with 1 KiB of memory: no C# run can
        // beat that, so the claims that C# ends sooner than asyncio are false, whatever the machine's load.
        const string Figures = "{\"wall_s\": 0.000001, \"items\": 1000, \"peak_kb\": 1, \"makespans\": [0.1, 0.4, 0.55]}";
        var windows = OperatingSystem.IsWindows();
        var fakePython = Path.Combine(Path.GetTempPath(), $"asynclab-fake-python-{Guid.NewGuid():N}{(windows ? ".cmd" : ".sh")}");
        await File.WriteAllTextAsync(fakePython, windows ? $"@echo {Figures}\r\n" : $"#!/bin/sh\necho '{Figures}'\n", TestContext.Current.CancellationToken);
        try
        {
            if (!windows)
            {
                File.SetUnixFileMode(fakePython, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var (exitCode, text, error) = await RunBenchmark(["compare", "--smoke", "--check", "--python=" + fakePython], TimeSpan.FromSeconds(90));
            Assert.True(exitCode == 1, $"compare --smoke --check with a Python faster than any C# exited with {exitCode}, not 1: {error}\n{text}");
            Assert.Contains("| A 100 ms fan-out of 100,000 tasks ends sooner in C# than in asyncio | C#/Python wall ", text, StringComparison.Ordinal);
            Assert.Matches(@"\| A 100 ms fan-out of 100,000 tasks ends sooner in C# than in asyncio \| [^|]+ \| NO \|", text);
            Assert.Matches(@"\d+ README claim\(s\) no longer hold at smoke size", text);
        }
        finally
        {
            File.Delete(fakePython);
        }
    }

    /// <summary>Runs the benchmark program (built beside this project) to the end and returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunBenchmark(string[] arguments, TimeSpan limitAfter)
    {
        // The benchmark is built beside this project, in the same configuration and framework folder.
        var folder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var program = Path.Combine(Repo.Root, "tests", "AsyncLab.Benchmarks", "bin", folder.Parent!.Name, folder.Name, "AsyncLab.Benchmarks.dll");
        Assert.True(File.Exists(program), $"{program} was not built");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { program }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(limitAfter);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(' ', arguments)} ran for over {limitAfter.TotalSeconds:0} s and was stopped");
        }
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task ReadmeTimeAndPerformanceTablesAreTheOnesGeneratedFromResults()
    {
        // `readme --check` makes each generated README section from RESULTS.md alone and compares: the compare summary,
        // the per-event table (events) and the time per lesson (lessons), each between its own markers.
        foreach (var marker in new[] { "<!-- benchmark:start", "<!-- events:start", "<!-- lessons:start" })
        {
            Assert.Contains(marker, await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        var (exitCode, text, error) = await RunBenchmark(["readme", "--check"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"readme --check exited with {exitCode}: {error}\n{text}");
        Assert.Contains("All 3 README tables (compare, events, lessons) match RESULTS.md.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeCheckExitsOneWhenAGeneratedTableWasEditedByHandAndReadmeRewritesIt()
    {
        // A copy of the README whose time per lesson was edited by hand: --check must name that table and fail, and
        // `readme` must write it back to what RESULTS.md gives, which is the repository's README again.
        var original = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "README.md"), TestContext.Current.CancellationToken);
        var start = original.IndexOf("<!-- lessons:start", StringComparison.Ordinal);
        var row = original.IndexOf("| 00 · Start here | ", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && row > start, "README.md has no generated time per lesson with a row for lesson 00");
        var edited = original[..row] + "| 00 · Start here | 1.0 s | 1.0 s | 1.0 s | 1.0 s | 5 min |\n" + original[(original.IndexOf('\n', row) + 1)..];
        var copy = Path.Combine(Path.GetTempPath(), $"asynclab-readme-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(copy, edited, TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, text, error) = await RunBenchmark(["readme", "--check", "--readme=" + copy], TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 1, $"readme --check on an edited README exited with {exitCode}, not 1: {error}\n{text}");
            Assert.Contains($"{Path.GetFileName(copy)}: the section <!-- lessons:start", text, StringComparison.Ordinal);
            Assert.Contains("1 of 3 README tables differ from RESULTS.md.", text, StringComparison.Ordinal);

            (exitCode, text, error) = await RunBenchmark(["readme", "--readme=" + copy], TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"readme on the edited copy exited with {exitCode}: {error}\n{text}");
            Assert.Equal(original.ReplaceLineEndings("\n"), (await File.ReadAllTextAsync(copy, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n"));
        }
        finally
        {
            File.Delete(copy);
        }
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
