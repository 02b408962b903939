using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AsyncLab.Environment.Tests;

/// <summary>
/// The README's classroom path on a real hub: Debian's JupyterHub 3, the kernel registered for every user by
/// .devcontainer/classroom-kernel.sh, and a class of students who open a lesson in their browsers at the same time.
/// </summary>
public sealed class JupyterHubClassTests
{
    private const string Lesson = "01-fan-out-whenall";

    // A class that starts at once: eight kernels within a few seconds, on one shared checkout.
    private static readonly string[] Students = ["ada", "alan", "barbara", "edsger", "grace", "ken", "linus", "margaret"];

    [Fact]
    public async Task Class_EightStudentsAtOnceOnJupyterHub_EachRunsTheLessonWithTheGoldenSummaries()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!OperatingSystem.IsLinux())
        {
            Assert.Fail("The classroom test runs Debian's JupyterHub, so it needs Linux (CI runs it on Debian).");
        }
        var missing = await ClassHub.MissingPackagesAsync(ct);
        Assert.True(missing is null, missing);
        var clock = Stopwatch.StartNew();

        using var temp = new TempFolder("hub");
        var checkout = temp.Combine("class");
        RepoCopy.To(checkout);
        var tools = temp.Combine("tools");
        var jupyterData = temp.Combine("jupyter");

        // What a teacher runs once on the hub machine (README, "A JupyterHub on your own Linux server").
        var prepared = await Command.RunAsync("sh", [".devcontainer/classroom-kernel.sh", tools, jupyterData], checkout,
            timeout: TimeSpan.FromMinutes(4), cancellationToken: ct);
        Assert.True(prepared.Succeeded, prepared.Describe());
        // The lessons as Jupyter notebooks, without outputs, in artifacts/notebooks/ of the checkout.
        var exported = await Command.RunAsync("dotnet",
            ["run", "--project", RepoFiles.PathOf("helpers/AsyncLab.Runner"), "--", "--no-exec",
             "--notebooks", Path.Combine(checkout, "notebooks"), "--output", Path.Combine(checkout, "artifacts"), Lesson],
            RepoFiles.Root, timeout: TimeSpan.FromMinutes(4), cancellationToken: ct);
        Assert.True(exported.Succeeded, exported.Describe());
        var notebook = $"artifacts/notebooks/{Lesson}.ipynb";
        var cells = LessonNotebook.IpynbCodeCells(Path.Combine(checkout, notebook));
        Assert.Equal(LessonNotebook.DibCodeCells(RepoFiles.PathOf($"notebooks/{Lesson}.dib")).Count, cells.Count);
        var prepareTime = clock.Elapsed;

        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var hubFolder = Directory.CreateDirectory(temp.Combine("hub")).FullName;
        var setup = new ClassHubSetup(hubFolder, checkout, temp.Combine("homes"), new Dictionary<string, string>
        {
            // The pinned tool and the dotnet it runs on; the kernel spec names the tool by its full path.
            ["PATH"] = $"{tools}:{dotnetRoot}:/usr/local/bin:/usr/bin:/bin",
            ["DOTNET_ROOT"] = dotnetRoot,
            // The folder whose kernels/ holds the ".NET (C#)" spec (a hub machine uses /usr/local/share/jupyter instead).
            ["JUPYTER_PATH"] = jupyterData,
            ["ASYNCLAB_TIME"] = "virtual",
        });

        StudentRun[] runs;
        TimeSpan classTime;
        int[] ports;
        string log;
        await using (var hub = await ClassHub.StartAsync(setup, ct))
        {
            ports = [.. hub.Ports];
            var classClock = Stopwatch.StartNew();
            runs = await Task.WhenAll(Students.Select(student => RunLessonAsync(hub, student, notebook, cells, ct)));
            classTime = classClock.Elapsed;
            await hub.ShutdownAsync(ct);
            log = hub.Log;
        }

        var report = new StringBuilder()
            .AppendLine($"prepared in {prepareTime.TotalSeconds:F1} s; class of {Students.Length} ran in {classTime.TotalSeconds:F1} s; " +
                        $"whole test {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var run in runs)
        {
            report.AppendLine($"{run.Student} (server {run.ServerStart.TotalSeconds:F1} s, lesson {run.LessonTime.TotalSeconds:F1} s):");
            report.AppendLine("  cell 1: " + run.Cells[0].Stdout.Trim());
            foreach (var line in run.Summaries)
            {
                report.AppendLine("  " + line);
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());

        var golden = LessonSummaries.Golden(Lesson);
        foreach (var run in runs)
        {
            var failed = run.Cells.Where(c => c.Error is not null).ToList();
            Assert.True(failed.Count == 0,
                $"{run.Student}: " + string.Join("\n", failed.Select(c => $"cell {c.Number}: {c.Error}\n{c.Text}")) + "\n" + log);
            Assert.Equal(cells.Count, run.Cells.Count);
            // The setup cell found the helpers the script built and said nothing else (no compiler warning either).
            Assert.Equal("AsyncLab helpers ready (up to date).\n", run.Cells[0].Stdout);
            var stderr = run.Cells.Where(c => c.Stderr.Length > 0).ToList();
            Assert.True(stderr.Count == 0, $"{run.Student}: " + string.Join("\n", stderr.Select(c => $"cell {c.Number} stderr: {c.Stderr}")));
            Assert.True(golden.SequenceEqual(run.Summaries, StringComparer.Ordinal),
                $"{run.Student} shows\n  {string.Join("\n  ", run.Summaries)}\nexpected ({Lesson}.txt)\n  {string.Join("\n  ", golden)}");
            Assert.True(Directory.Exists(Path.Combine(setup.Homes, run.Student)), $"{run.Student} had no home of their own.");
        }

        // Nothing of the class is left: no process that belongs to this hub, no port it listened on.
        var leftovers = ProcessesMentioning(temp.Path);
        Assert.True(leftovers.Count == 0, "Still running after the hub's shutdown:\n" + string.Join("\n", leftovers) + "\n" + log);
        foreach (var port in ports)
        {
            Assert.True(IsFree(port), $"Port {port} is still in use after the hub's shutdown.\n{log}");
        }
    }

    /// <summary>One student's session: sign in, start the server, open the lesson, run every cell, close it.</summary>
    private static async Task<StudentRun> RunLessonAsync(ClassHub hub, string student, string notebook, IReadOnlyList<string> cells, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var token = await hub.SignInAsync(student, ct);
        await hub.StartServerAsync(student, token, ct);
        var serverStart = clock.Elapsed;

        var (session, kernel) = await hub.OpenNotebookAsync(student, token, notebook, ct);
        var results = new List<HubCell>();
        await using (var channel = await KernelChannel.ConnectAsync(hub.Address, student, token, kernel, ct))
        {
            foreach (var (code, index) in cells.Select((code, index) => (code, index)))
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromMinutes(2));
                try
                {
                    results.Add(await channel.RunAsync(index + 1, code, limit.Token));
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"{student}: cell {index + 1} did not finish within 2 minutes.\n{hub.Log}");
                }
                if (results[^1].Error is not null)
                {
                    break;
                }
            }
        }
        await hub.CloseNotebookAsync(student, token, session, ct);
        return new StudentRun(student, results, serverStart, clock.Elapsed - serverStart);
    }

    /// <summary>Processes whose command line or environment names <paramref name="marker"/> (Linux /proc).</summary>
    private static List<string> ProcessesMentioning(string marker)
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == System.Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ').Trim();
                var environment = File.ReadAllText(Path.Combine(folder, "environ"));
                if (commandLine.Contains(marker, StringComparison.Ordinal) || environment.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or another user's
            }
        }
        return found;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>What one student's browser saw.</summary>
    private sealed record StudentRun(string Student, IReadOnlyList<HubCell> Cells, TimeSpan ServerStart, TimeSpan LessonTime)
    {
        /// <summary>The summary lines the cells showed, in order.</summary>
        public IReadOnlyList<string> Summaries => [.. Cells.SelectMany(c => LessonSummaries.In(c.Text))];
    }
}
