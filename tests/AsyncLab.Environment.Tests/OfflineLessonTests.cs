using System.Diagnostics;

namespace AsyncLab.Environment.Tests;

/// <summary>
/// The offline promise of the README, end to end: start from an empty NuGet cache, let only the post-create
/// script fill it, then disable every NuGet source and run a lesson. Slow (it downloads every package once), so it
/// is a single test.
/// </summary>
public sealed class OfflineLessonTests
{
    private const string NoSourcesConfig = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
          </packageSources>
          <fallbackPackageFolders>
            <clear />
          </fallbackPackageFolders>
        </configuration>
        """;

    // Aim: about 5 minutes on this 2-core machine (most of it the first download and the lesson's own run).
    // The hard limit is wider so a CI run that shares the cores with other test projects does not fail on time.
    private static readonly TimeSpan _budget = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task PostCreate_FromAnEmptyCache_LetsALessonRunWithEveryNuGetSourceDisabled()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        using var temp = new TempFolder("offline");
        var clone = temp.Combine("clone");
        RepoCopy.To(clone);
        var packages = temp.Combine("packages");
        Directory.CreateDirectory(packages);
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = packages,
            ["ASYNCLAB_CHARTS"] = temp.Combine("charts"),
        };

        // 1. Online, only the post-create script fills the empty cache. This machine's dotnet already knows the
        //    pinned tools from elsewhere (~/.dotnet/toolResolverCache); the script must still put them here.
        var first = await Command.RunAsync("sh", [".devcontainer/post-create.sh"], clone, environment, Remaining(clock), ct);
        Assert.True(first.Succeeded, first.Describe());
        Assert.True(Directory.Exists(Path.Combine(packages, "microsoft.dotnet-interactive", RepoFiles.PinnedToolVersion("microsoft.dotnet-interactive"))),
            "the pinned kernel tool is not in the packages folder the script filled");
        AssertKernelFolderHoldsEveryLayer(clone);

        // 2. Every NuGet source disabled: a NuGet.Config at the clone's root clears the user's and the machine's.
        await File.WriteAllTextAsync(Path.Combine(clone, "NuGet.Config"), NoSourcesConfig, ct);
        var sources = await Command.RunAsync("dotnet", ["nuget", "list", "source"], clone, environment, TimeSpan.FromMinutes(1), ct);
        Assert.True(sources.Succeeded, sources.Describe());
        Assert.Contains("No sources found", sources.Output);
        await AssertMissingPackageCannotBeRestoredAsync(temp, environment, ct);

        // 3. From here on, a machine that has nothing but this packages folder: a fresh dotnet home too, so no tool
        //    can be found through a cache of this machine. The script runs again, offline (idempotent).
        environment["DOTNET_CLI_HOME"] = temp.Combine("fresh-dotnet-home");
        Directory.CreateDirectory(environment["DOTNET_CLI_HOME"]!);
        var second = await Command.RunAsync("sh", [".devcontainer/post-create.sh"], clone, environment, Remaining(clock), ct);
        Assert.True(second.Succeeded, "second run, offline: " + second.Describe());
        Log($"post-create from an empty cache: {first.Elapsed.TotalSeconds:F0} s; again, offline: {second.Elapsed.TotalSeconds:F0} s");

        // 4. A lesson runs. Any package missing from the folder would now fail the restore (NU1100).
        await RunLessonAsync(clone, temp, environment, clock, ct);
        Log($"offline proof in all: {clock.Elapsed.TotalMinutes:F1} min");
    }

    private const string Lesson = "01-fan-out-whenall";

    /// <summary>The exact summary line of lesson 01's virtual-time cell (scenario 1 of scenarios.md).</summary>
    private const string VirtualTimeSummary = "5 tasks · makespan 1.00 s · peak concurrency 5 · ideal 1.00 s";

    /// <summary>
    /// Runs lesson 01 the ways a student or teacher would, offline: the runner on the real kernel (once the
    /// notebook setup exists), then the lesson's generated C# file-based app. Before the runner existed, a
    /// hand-written app of the same scenario stood in.
    /// </summary>
    private static async Task RunLessonAsync(
        string clone, TempFolder temp, IReadOnlyDictionary<string, string?> environment, Stopwatch clock, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(clone, "helpers", "AsyncLab.Runner", "AsyncLab.Runner.csproj")))
        {
            await RunStandInAppAsync(clone, temp, environment, clock, ct);
            return;
        }

        var output = temp.Combine("artifacts");
        var executes = File.Exists(Path.Combine(clone, "helpers", "notebook-setup.csx"));
        string[] runnerArgs = executes
            ? ["run", "--project", "helpers/AsyncLab.Runner", "--", Lesson, "--output", output]
            : ["run", "--project", "helpers/AsyncLab.Runner", "--", Lesson, "--output", output, "--no-exec"];
        var runner = await Command.RunAsync("dotnet", runnerArgs, clone, environment, Remaining(clock), ct);
        Assert.True(runner.Succeeded, "runner: " + runner.Describe());
        Log($"offline runner ({(executes ? "executed" : "export only")}): {runner.Elapsed.TotalSeconds:F0} s");
        var notebook = Path.Combine(output, "notebooks", Lesson + ".ipynb");
        Assert.True(File.Exists(notebook), $"the runner wrote no {notebook}");
        if (executes)
        {
            var executed = await File.ReadAllTextAsync(notebook, ct);
            Assert.Contains("peak concurrency 5", executed);
            // The post-create script built the helpers exactly as the setup cell wants them: no second build.
            Assert.Contains("AsyncLab helpers ready (up to date)", executed);
        }

        var apps = Path.Combine(output, "apps");
        var app = await Command.RunAsync("dotnet", ["run", Lesson + ".cs"], apps, environment, Remaining(clock), ct);
        Assert.True(app.Succeeded, "file-based app: " + app.Describe());
        Log($"offline file-based app: {app.Elapsed.TotalSeconds:F0} s");
        Assert.Contains(VirtualTimeSummary, app.Output);
        Assert.Contains("chart written to", app.Output);
        // The charts layer (AsyncLab.Charts and Plotly.NET) came from the offline cache too: the app saved real pages.
        var charts = Directory.GetFiles(environment["ASYNCLAB_CHARTS"]!, "*.html");
        Assert.NotEmpty(charts);
        Assert.Contains("data-asynclab-plotly", await File.ReadAllTextAsync(charts[0], ct));

        await RunAppsOfExtraLayersAsync(clone, temp, environment, clock, ct);
    }

    /// <summary>
    /// The lessons whose apps pull in more than the library and the charts, run offline as a student runs them: 07 needs
    /// AsyncLab.RateLimiting (System.Threading.RateLimiting), 09 the page server (ASP.NET Core) and the Polly.Core package.
    /// 07 in virtual time prints exactly its golden lines; 09 talks to a real server over a socket, so it runs in real
    /// time and its lines give the task counts and peaks the golden file names.
    /// </summary>
    private static async Task RunAppsOfExtraLayersAsync(
        string clone, TempFolder temp, IReadOnlyDictionary<string, string?> environment, Stopwatch clock, CancellationToken ct)
    {
        var output = temp.Combine("more-apps");
        var export = await Command.RunAsync(
            "dotnet", ["run", "--project", "helpers/AsyncLab.Runner", "--", "07", "09", "--no-exec", "--output", output],
            clone, environment, Remaining(clock), ct);
        Assert.True(export.Succeeded, "runner --no-exec: " + export.Describe());
        var apps = Path.Combine(output, "apps");

        var rateLimits = await Command.RunAsync("dotnet", ["run", "07-rate-limits.cs"], apps,
            new Dictionary<string, string?>(environment) { ["ASYNCLAB_TIME"] = "virtual" }, Remaining(clock), ct);
        Assert.True(rateLimits.Succeeded, "07 app: " + rateLimits.Describe());
        Assert.Equal(LessonSummaries.Golden("07-rate-limits"), LessonSummaries.InOrder(rateLimits.Output).ToArray());
        Log($"offline app 07 (rate limiters): {rateLimits.Elapsed.TotalSeconds:F0} s");

        var crawler = await Command.RunAsync("dotnet", ["run", "09-capstone-crawler.cs"], apps, environment, Remaining(clock), ct);
        Assert.True(crawler.Succeeded, "09 app: " + crawler.Describe());
        Assert.Equal(LessonSummaries.Golden("09-capstone-crawler"), LessonSummaries.InRealTime(crawler.Output).ToArray());
        Log($"offline app 09 (page server, Polly): {crawler.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>
    /// Every layer a notebook loads sits in helpers/.build/kernel after the script: the library, the charts (with
    /// Plotly.NET), the rate limiters, the page server and Polly.Core, XPlot (with XPlot.Plotly) and the kernel integration. Their packages, and those of
    /// every project of the solution (AsyncLab.Charts.Tests included), are what the second, offline run of the script
    /// restores.
    /// </summary>
    private static void AssertKernelFolderHoldsEveryLayer(string clone)
    {
        var kernel = Path.Combine(clone, "helpers", ".build", "kernel");
        foreach (var assembly in new[] { "AsyncLab", "AsyncLab.Charts", "Plotly.NET", "AsyncLab.RateLimiting", "AsyncLab.Server", "Polly.Core", "AsyncLab.XPlot", "XPlot.Plotly", "AsyncLab.Interactive" })
        {
            Assert.True(File.Exists(Path.Combine(kernel, assembly + ".dll")), $"{assembly}.dll is not in {kernel}");
        }
    }

    private static async Task RunStandInAppAsync(
        string clone, TempFolder temp, IReadOnlyDictionary<string, string?> environment, Stopwatch clock, CancellationToken ct)
    {
        var app = temp.Combine("fan-out.cs");
        var library = Path.Combine(clone, "helpers", "AsyncLab", "AsyncLab.csproj");
        await File.WriteAllTextAsync(app, $$"""
            #:project {{library}}
            using AsyncLab;

            var lab = new Lab(virtualTime: true);
            async Task<string> Fetch(int id)
            {
                using var job = lab.Track($"fetch {id}");
                using (job.Begin())
                {
                    await lab.Delay(1.0);
                }
                return $"page {id}";
            }
            var timeline = await lab.Run(async () =>
            {
                await Task.WhenAll(Enumerable.Range(0, 5).Select(Fetch));
            }, ideal: TimeSpan.FromSeconds(1), title: "Five fetches at once");
            Lab.Show(timeline);
            """, ct);
        var result = await Command.RunAsync("dotnet", ["run", app], clone, environment, Remaining(clock), ct);
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains(VirtualTimeSummary, result.Output);
    }

    /// <summary>
    /// The control: with the same NuGet.Config, a package that is not in the cache fails with NU1100 ("unable to
    /// resolve"), the code NuGet gives when it has no source to ask; with a source it would be NU1101.
    /// </summary>
    private static async Task AssertMissingPackageCannotBeRestoredAsync(
        TempFolder temp, IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        var probe = temp.Combine("control");
        Directory.CreateDirectory(probe);
        await File.WriteAllTextAsync(Path.Combine(probe, "NuGet.Config"), NoSourcesConfig, ct);
        await File.WriteAllTextAsync(Path.Combine(probe, "control.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AsyncLab.Control.NotAPackage" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """, ct);

        var restore = await Command.RunAsync("dotnet", ["restore"], probe, environment, TimeSpan.FromMinutes(2), ct);

        Assert.False(restore.Succeeded, "a package that is not in the cache restored, so NuGet sources are not disabled:\n" + restore.Output);
        Assert.Contains("NU1100", restore.Output);
        Assert.DoesNotContain("NU1101", restore.Output);
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static TimeSpan Remaining(Stopwatch clock)
    {
        var left = _budget - clock.Elapsed;
        return left > TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30);
    }
}
