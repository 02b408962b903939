using System.CommandLine.Help;
using System.Diagnostics;
using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;
using Spectre.Console;

namespace AsyncLab.Runner;

/// <summary>The command: run the lessons, export them, print a table, set the exit code.</summary>
internal static class RunnerApp
{
    private sealed record Outcome(string Notebook, string Relative, int Cells, TimeSpan Time, string Status, string? Problem);

    public static async Task<int> MainAsync(string[] args, TextWriter output)
    {
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
            foreach (var error in parsed.Errors)
            {
                await output.WriteLineAsync($"error: {error.Message}");
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
            await output.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        var plain = IsPlain();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
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
                var state = run is null ? "exported" : run.Succeeded ? "ok" : $"failed (cell {run.FirstProblem!.Number})";
                if (problem is not null && run is { Succeeded: true } or null)
                {
                    state = "rule broken";
                }
                outcomes.Add(new Outcome(name, relative, document.Elements.Count(NotebookFile.IsCode), clock.Elapsed, state, problem));
            }
            catch (NotebookFormatException e)
            {
                formatErrors = true;
                outcomes.Add(new Outcome(name, relative, 0, clock.Elapsed, "malformed", e.Message));
            }
        }

        if (plain)
        {
            foreach (var path in notebooks)
            {
                await output.WriteLineAsync($"running {Path.GetRelativePath(notebooksFolder, path)}");
                await RunOne(path, _ => { });
                var last = outcomes[^1];
                await output.WriteLineAsync($"  {last.Status} · {last.Cells} code cells · {last.Time.TotalSeconds:0.0} s");
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
                o.Status == "ok" || o.Status == "exported" ? $"[green]{Markup.Escape(o.Status)}[/]" : $"[red]{Markup.Escape(o.Status)}[/]");
        }
        console.Write(table);
        foreach (var o in outcomes.Where(o => o.Problem is not null))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(o.Problem);
        }
        if (warnings.Count > 0)
        {
            await output.WriteLineAsync();
            foreach (var warning in warnings)
            {
                await output.WriteLineAsync($"warning: {warning}");
            }
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync($"wrote {Path.Combine(outputFolder, "notebooks")}, {Path.Combine(outputFolder, "site", "index.html")}, {Path.Combine(outputFolder, "apps")}");
        return formatErrors ? 2 : outcomes.Any(o => o.Status.StartsWith("failed", StringComparison.Ordinal)) || ruleErrors ? 1 : 0;
    }

    private static bool IsPlain() =>
        Console.IsOutputRedirected ||
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ||
        Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 } ||
        Environment.GetEnvironmentVariable("TERM") == "dumb";

    private sealed class Progress(Action<CellResult> report) : IProgress<CellResult>
    {
        public void Report(CellResult value) => report(value);
    }
}
