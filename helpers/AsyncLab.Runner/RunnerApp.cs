using System.CommandLine.Help;
using System.Diagnostics;
using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;
using Spectre.Console;

namespace AsyncLab.Runner;

/// <summary>The command: run the lessons, export them, print a table (or JSON), set the exit code.</summary>
internal static class RunnerApp
{
    private sealed record Outcome(string Notebook, string Relative, int Cells, TimeSpan Time, NotebookStatus Status, string? Problem, NotebookRun? Run)
    {
        public string StatusText => Status switch
        {
            NotebookStatus.Ok => "ok",
            NotebookStatus.Exported => "exported",
            NotebookStatus.Failed => $"failed (cell {Run?.FirstProblem?.Number})",
            NotebookStatus.RuleBroken => "rule broken",
            _ => "malformed",
        };
    }

    /// <summary>
    /// Runs the command. Help and the report go to <paramref name="output"/>, usage errors to <paramref name="error"/>;
    /// with --json the report goes to <paramref name="error"/> and <paramref name="output"/> gets the JSON alone.
    /// </summary>
    public static async Task<int> MainAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["grade", .. var gradeArgs])
        {
            return await Grading.GradeApp.MainAsync(gradeArgs, output, error);
        }
        RunnerOptions options;
        IReadOnlyList<string> notebooks;
        string root, outputFolder, notebooksFolder;
        var parsed = RunnerOptions.Parse(args);
        if (parsed.Action is HelpAction)
        {
            RunnerOptions.WriteHelp(parsed, output);
            return 0;
        }
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}");
            }
            return 2;
        }
        try
        {
            options = RunnerOptions.From(parsed);
            root = KernelTool.FindRepoRoot(options.NotebooksFolder ?? Environment.CurrentDirectory)
                ?? KernelTool.FindRepoRoot(AppContext.BaseDirectory)
                ?? throw new ArgumentException("Run this from the AsyncLab repository (no .config/dotnet-tools.json found).");
            notebooksFolder = Path.GetFullPath(options.NotebooksFolder ?? Path.Combine(root, "notebooks"));
            outputFolder = Path.GetFullPath(options.OutputFolder ?? Path.Combine(root, "artifacts"));
            notebooks = LessonSet.Find(notebooksFolder, options.Patterns, options.IncludeSolutions);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        // With --json, standard output carries the JSON alone: the progress, the table and the messages go to standard error.
        var report = options.Json ? error : output;
        var plain = IsPlain(options.Json ? Console.IsErrorRedirected : Console.IsOutputRedirected);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(report),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        var outcomes = new List<Outcome>();
        var pages = new List<Site.Page>();
        var formatErrors = false;
        var ruleErrors = false;
        var warnings = new List<string>();
        var helpers = Path.Combine(root, "helpers");

        async Task RunOne(string path, Action<string> status)
        {
            var relative = Path.GetRelativePath(notebooksFolder, path).Replace('\\', '/');
            var name = Path.GetFileNameWithoutExtension(path);
            var clock = Stopwatch.StartNew();
            try
            {
                var document = NotebookFile.Load(path);
                // Rules that do not stop the conversion (a long cell, a wait virtual time cannot follow): reported, not fatal.
                warnings.AddRange(LessonRules.Check(document).Where(v => !v.BreaksConversion).Select(v => $"{relative}: {v}"));
                NotebookRun? run = null;
                if (options.Execute)
                {
                    var done = 0;
                    var codeCells = document.Elements.Count(NotebookFile.IsCode);
                    status($"{relative}: starting the kernel");
                    run = await NotebookExecutor.RunAsync(path, new ExecutorOptions
                    {
                        CellTimeout = options.CellTimeout,
                        VirtualTime = options.VirtualTime,
                        Progress = new Progress(cell => status($"{relative}: cell {cell.Number} done ({++done}/{codeCells})")),
                    });
                }
                var subfolder = Path.GetDirectoryName(relative) is { Length: > 0 } sub ? sub : "";
                var ipynbFolder = Path.Combine(outputFolder, "notebooks", subfolder);
                Directory.CreateDirectory(ipynbFolder);
                NotebookFile.SaveIpynb(ExecutedNotebook.Build(document, Path.GetDirectoryName(path)!, ipynbFolder, run), Path.Combine(ipynbFolder, name + ".ipynb"));
                pages.Add(new Site.Page(name, Site.TitleOf(document, name), document, run));
                string? problem = run?.Describe();
                try
                {
                    var appPath = Path.Combine(outputFolder, "apps", name + ".cs");
                    Directory.CreateDirectory(Path.GetDirectoryName(appPath)!);
                    await File.WriteAllTextAsync(appPath, FileBasedApp.Convert(document, name, appPath, helpers));
                }
                catch (LessonRuleException e)
                {
                    ruleErrors = true;
                    problem = problem is null ? e.Message : problem + "\n" + e.Message;
                }
                var state = run is null ? NotebookStatus.Exported : run.Succeeded ? NotebookStatus.Ok : NotebookStatus.Failed;
                if (problem is not null && run is { Succeeded: true } or null)
                {
                    state = NotebookStatus.RuleBroken;
                }
                outcomes.Add(new Outcome(name, relative, document.Elements.Count(NotebookFile.IsCode), clock.Elapsed, state, problem, run));
            }
            catch (NotebookFormatException e)
            {
                formatErrors = true;
                outcomes.Add(new Outcome(name, relative, 0, clock.Elapsed, NotebookStatus.Malformed, e.Message, null));
            }
        }

        if (plain)
        {
            foreach (var path in notebooks)
            {
                await report.WriteLineAsync($"running {Path.GetRelativePath(notebooksFolder, path)}");
                await RunOne(path, _ => { });
                var last = outcomes[^1];
                await report.WriteLineAsync($"  {last.StatusText} · {last.Cells} code cells · {last.Time.TotalSeconds:0.0} s");
            }
        }
        else
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var overall = progress.AddTask($"{notebooks.Count} notebooks", maxValue: notebooks.Count);
                    foreach (var path in notebooks)
                    {
                        await RunOne(path, text => overall.Description = Markup.Escape(text));
                        overall.Increment(1);
                    }
                    overall.Description = "done";
                });
        }

        if (pages.Count > 0)
        {
            Site.Write(Path.Combine(outputFolder, "site"), pages);
        }
        var table = new Table().AddColumns("notebook", "cells", "time", "status");
        if (options.VirtualTime && options.Execute)
        {
            table.Title("ran in virtual time (--virtual-time)");
        }
        foreach (var o in outcomes)
        {
            table.AddRow(Markup.Escape(o.Relative), o.Cells.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{o.Time.TotalSeconds:0.0} s",
                o.Status is NotebookStatus.Ok or NotebookStatus.Exported ? $"[green]{Markup.Escape(o.StatusText)}[/]" : $"[red]{Markup.Escape(o.StatusText)}[/]");
        }
        console.Write(table);
        foreach (var o in outcomes.Where(o => o.Problem is not null))
        {
            await report.WriteLineAsync();
            await report.WriteLineAsync(o.Problem);
        }
        if (warnings.Count > 0)
        {
            await report.WriteLineAsync();
            foreach (var warning in warnings)
            {
                await report.WriteLineAsync($"warning: {warning}");
            }
        }
        await report.WriteLineAsync();
        await report.WriteLineAsync($"wrote {Path.Combine(outputFolder, "notebooks")}, {Path.Combine(outputFolder, "site", "index.html")}, {Path.Combine(outputFolder, "apps")}");
        var exitCode = formatErrors ? 2 : outcomes.Any(o => o.Status == NotebookStatus.Failed) || ruleErrors ? 1 : 0;
        if (options.Json)
        {
            var results = new RunReport(exitCode, options.Execute, options.VirtualTime && options.Execute, outputFolder,
                [.. outcomes.Select(o => new RunReport.Notebook(o.Notebook, o.Relative, o.Status, RunReport.Round(o.Time), o.Problem,
                    [.. (o.Run?.Cells ?? []).Where(c => c.IsCode).Select(RunReport.Cell.From)]))],
                warnings);
            await output.WriteLineAsync(results.ToJson());
        }
        return exitCode;
    }

    private static bool IsPlain(bool redirected) =>
        redirected ||
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ||
        Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 } ||
        Environment.GetEnvironmentVariable("TERM") == "dumb";

    private sealed class Progress(Action<CellResult> report) : IProgress<CellResult>
    {
        public void Report(CellResult value) => report(value);
    }
}
