using System.Globalization;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Grading;

/// <summary>
/// Grades one submission as untrusted code: its own kernel process, a time limit, a heap limit, and its own temporary
/// folder that holds a copy of the notebook and of the built helpers only, watched for size and deleted afterwards,
/// with every process the submission left running killed.
/// </summary>
internal sealed class SubmissionGrader(LessonChecks checks, GradeOptions options, string kernelApp, string builtHelpers, string globalJson)
{
    /// <summary>The variable every process of a submission inherits: how its leftovers are found.</summary>
    public const string MarkerVariable = "ASYNCLAB_GRADE_SUBMISSION";

    private static readonly TimeSpan WatchEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs the submission at <paramref name="path"/> and returns its row; <paramref name="note"/> gets remarks for the teacher.</summary>
    public async Task<StudentGrade> GradeAsync(string path, Action<string> note)
    {
        var student = Path.GetFileNameWithoutExtension(path);
        var id = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(options.TempFolder ?? Path.GetTempPath(), "asynclab-grade-" + id[..12]);
        var marker = $"{MarkerVariable}={id}";
        var completed = new List<CellResult>();
        using var stop = new CancellationTokenSource();
        string? stoppedFor = null;
        NotebookRun? run = null;
        string status, problem;
        try
        {
            NotebookFile.Load(path); // a malformed file is reported under its own name, before anything starts
            var notebook = Lay(folder, path);
            var baseline = FolderSize(folder);
            stop.CancelAfter(options.Timeout);
            using var watching = new CancellationTokenSource();
            var watcher = Task.Run(async () =>
            {
                while (!watching.IsCancellationRequested)
                {
                    if (FolderSize(folder) - baseline > options.DiskBytes)
                    {
                        stoppedFor = "disk limit";
                        await stop.CancelAsync();
                        return;
                    }
                    await Task.Delay(WatchEvery, CancellationToken.None);
                }
            }, CancellationToken.None);
            try
            {
                run = await NotebookExecutor.RunAsync(notebook, new ExecutorOptions
                {
                    CellTimeout = options.Timeout,
                    KernelAppPath = kernelApp,
                    RewriteCode = checks.Replace,
                    Progress = new Collector(completed),
                    Environment = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [MarkerVariable] = id,
                        ["DOTNET_GCHeapHardLimit"] = "0x" + options.MemoryBytes.ToString("X", CultureInfo.InvariantCulture),
                        ["TMPDIR"] = Path.Combine(folder, "tmp"),
                    },
                }, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                stoppedFor ??= "timed out";
            }
            finally
            {
                await watching.CancelAsync();
                await watcher;
            }
            (status, problem) = stoppedFor switch
            {
                "disk limit" => ("disk limit", $"its folder grew by more than {Megabytes(options.DiskBytes)}"),
                not null => ("timed out", $"still running after {options.Timeout.TotalSeconds:0.#} s"),
                _ when run!.Cells.Any(c => c.Status == CellStatus.TimedOut) =>
                    ("timed out", $"still running after {options.Timeout.TotalSeconds:0.#} s"),
                _ when run!.FirstProblem is { } cell => ("failed", $"cell {cell.Number}: {FirstLine(cell.Error)}"),
                _ => ("ok", ""),
            };
        }
        catch (NotebookFormatException e)
        {
            (status, problem) = ("malformed", string.Join(" ", e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        }
        catch (InvalidOperationException e)
        {
            (status, problem) = ("kernel error", FirstLine(e.Message));
        }
        finally
        {
            var killed = Leftovers.Kill(marker, folder);
            if (killed > 0)
            {
                note($"{student}: stopped {killed} process(es) it left running");
            }
            if (!Delete(folder))
            {
                note($"{student}: could not delete its working folder {folder}; delete it by hand");
            }
        }
        var cells = run?.Cells ?? completed;
        return new StudentGrade(student, Path.GetFileName(path), status, problem.Length == 0 ? null : problem,
            [.. checks.Exercises.Select(exercise => Verdict(exercise, cells, finished: status is "ok" or "failed"))]);
    }

    private static ExerciseVerdict Verdict(string exercise, IReadOnlyList<CellResult> cells, bool finished)
    {
        var cell = cells.LastOrDefault(c => c.IsCode && LessonChecks.ExerciseOf(c.Code) == exercise);
        return cell switch
        {
            null => new(exercise, false, finished ? "missing" : "not run"),
            { Status: CellStatus.Failed } => new(exercise, false, "error: " + FirstLine(cell.Error)),
            { Status: CellStatus.Succeeded } when LessonChecks.VerdictOf(cell, exercise) is { } verdict => new(exercise, verdict.Passed, verdict.Message),
            { Status: CellStatus.Succeeded } => new(exercise, false, "no verdict"),
            _ => new(exercise, false, "not run"),
        };
    }

    /// <summary>
    /// The working folder: notebooks/&lt;submission&gt; and what its setup cells reach through ../helpers (the built
    /// helpers, not their sources), so the paths resolve as in the repository.
    /// </summary>
    private string Lay(string folder, string submission)
    {
        var helpers = Path.Combine(folder, "helpers");
        Directory.CreateDirectory(Path.Combine(folder, "notebooks"));
        Directory.CreateDirectory(Path.Combine(folder, "tmp"));
        // notebook-setup.csx finds the repository by this folder and compares the sources' times with the DLL's.
        Directory.CreateDirectory(Path.Combine(helpers, "AsyncLab"));
        File.Copy(Path.Combine(Path.GetDirectoryName(builtHelpers)!, "..", "notebook-setup.csx"), Path.Combine(helpers, "notebook-setup.csx"));
        var kernel = Path.Combine(helpers, ".build", "kernel");
        foreach (var file in Directory.EnumerateFiles(builtHelpers, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(kernel, Path.GetRelativePath(builtHelpers, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var copiedJson = Path.Combine(folder, "global.json");
        File.Copy(globalJson, copiedJson);
        File.SetLastWriteTimeUtc(copiedJson, DateTime.UtcNow.AddDays(-1));
        File.SetLastWriteTimeUtc(Path.Combine(kernel, "AsyncLab.Interactive.dll"), DateTime.UtcNow);
        var notebook = Path.Combine(folder, "notebooks", Path.GetFileName(submission));
        File.Copy(submission, notebook);
        return notebook;
    }

    private static long FolderSize(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
            {
                try
                {
                    total += file.Length;
                }
                catch (IOException)
                {
                    // Deleted while counting.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder removed while counting: count what was seen.
        }
        return total;
    }

    private static bool Delete(string folder)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
        return !Directory.Exists(folder);
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    private static string FirstLine(string? text) =>
        text?.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "no message";

    private sealed class Collector(List<CellResult> cells) : IProgress<CellResult>
    {
        public void Report(CellResult value)
        {
            lock (cells)
            {
                cells.Add(value);
            }
        }
    }
}
