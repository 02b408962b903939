using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AsyncLab.Lessons.Tests;

/// <summary>
/// Runs each notebook once per test process on a real .NET Interactive kernel and keeps its executed cells, so
/// every assertion about a lesson reuses the same run.
/// </summary>
internal static partial class LessonRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookRun>>> Runs = new();

    // One kernel at a time: real-time makespans are checked to within 5%, so runs must not starve each other's timers.
    private static readonly SemaphoreSlim OneKernel = new(1);

    /// <summary>The executed cells of a notebook (path relative to notebooks/), running it on first use.</summary>
    public static Task<NotebookRun> Get(string notebook) =>
        Runs.GetOrAdd(notebook, n => new Lazy<Task<NotebookRun>>(() => RunAlone(RepoPaths.Notebook(n)))).Value;

    private static async Task<NotebookRun> RunAlone(string dibPath)
    {
        await OneKernel.WaitAsync();
        try
        {
            return await RunWithRepl(dibPath);
        }
        finally
        {
            OneKernel.Release();
        }
    }

    /// <summary>
    /// Runs the notebook with the pinned dotnet-repl tool (a .NET Interactive C# kernel) and reads the executed .ipynb.
    /// The notebook runs from its own folder, as in VS Code, so its relative setup paths resolve.
    /// </summary>
    private static async Task<NotebookRun> RunWithRepl(string notebookPath)
    {
        var dibPath = WithoutMissingSetup(notebookPath);
        var output = Path.Combine(Path.GetTempPath(), "asynclab-lessons-tests", Guid.NewGuid().ToString("N") + ".ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(notebookPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "tool", "run", "dotnet-repl", "--", "--run", dibPath, "--exit-after-run", "--output-path", output })
        {
            start.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stdout + await stderr;
        if (!File.Exists(output))
        {
            throw new InvalidOperationException($"dotnet-repl wrote no notebook (exit {process.ExitCode}):\n{log}");
        }
        return new NotebookRun(ReadIpynb(output), clock.Elapsed, log);
    }

    /// <summary>
    /// While helpers/notebook-setup.csx does not exist yet, runs a copy whose two setup cells load the AsyncLab
    /// library this test project builds instead. Every other cell stays exactly as written.
    /// </summary>
    private static string WithoutMissingSetup(string dibPath)
    {
        if (File.Exists(Path.Combine(RepoPaths.Root, "helpers", "notebook-setup.csx")))
        {
            return dibPath;
        }
        var text = File.ReadAllText(dibPath);
        text = SetupLoad().Replace(text, $"#r \"{typeof(Lab).Assembly.Location}\"");
        text = SetupAttach().Replace(text, "using AsyncLab;");
        // The copy names the library by its full path, so it can live outside notebooks/ (where the runner looks).
        var folder = Path.Combine(Path.GetTempPath(), "asynclab-lessons-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, Path.GetFileName(dibPath));
        File.WriteAllText(copy, text);
        return copy;
    }

    [GeneratedRegex(@"#load ""[./]*helpers/notebook-setup\.csx""")]
    private static partial Regex SetupLoad();

    [GeneratedRegex(@"#r ""[./]*helpers/\.build/kernel/AsyncLab\.Interactive\.dll""\r?\nusing AsyncLab;\r?\nAsyncLab\.Interactive\.Notebook\.Attach\(\);")]
    private static partial Regex SetupAttach();

    private static List<ExecutedCell> ReadIpynb(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<ExecutedCell>();
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code")
            {
                continue;
            }
            var outputs = new List<string>();
            string? error = null;
            foreach (var output in cell.GetProperty("outputs").EnumerateArray())
            {
                switch (output.GetProperty("output_type").GetString())
                {
                    case "stream":
                        outputs.Add(Join(output.GetProperty("text")));
                        break;
                    case "error":
                        error = $"{output.GetProperty("ename").GetString()}: {output.GetProperty("evalue").GetString()}";
                        outputs.Add(error);
                        break;
                    default:
                        if (output.TryGetProperty("data", out var data))
                        {
                            outputs.Add(data.TryGetProperty("text/plain", out var plain) ? Join(plain)
                                : data.TryGetProperty("text/html", out var html) ? PlainText(Join(html)) : "");
                        }
                        break;
                }
            }
            var metadata = cell.GetProperty("metadata");
            cells.Add(new ExecutedCell(cells.Count + 1, Join(cell.GetProperty("source")), outputs, error,
                Time(metadata, "dotnet_repl_cellExecutionStartTime"), Time(metadata, "dotnet_repl_cellExecutionEndTime")));
        }
        return cells;
    }

    private static DateTimeOffset? Time(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var value) && value.TryGetDateTimeOffset(out var time) ? time : null;

    private static string Join(JsonElement text) =>
        text.ValueKind == JsonValueKind.Array ? string.Concat(text.EnumerateArray().Select(t => t.GetString())) : text.GetString() ?? "";

    private static string PlainText(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
