using System.CommandLine.Help;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Grading;

/// <summary>The <c>grade</c> command: every submission in a folder, one row each, written as CSV and JSON.</summary>
internal static class GradeApp
{
    /// <summary>Runs <c>grade</c> with the arguments after it. Progress and the table go to <paramref name="output"/>.</summary>
    public static async Task<int> MainAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parsed = GradeOptions.Parse(args);
        if (parsed.Action is HelpAction)
        {
            GradeOptions.WriteHelp(parsed, output);
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
        var options = GradeOptions.From(parsed);
        LessonChecks checks;
        IReadOnlyList<string> submissions;
        string root;
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new ArgumentException("grade runs on Linux only (it finds a submission's leftover processes in /proc): grade inside the container image.");
            }
            root = KernelTool.FindRepoRoot(Environment.CurrentDirectory) ?? KernelTool.FindRepoRoot(AppContext.BaseDirectory)
                ?? throw new ArgumentException("Run this from the AsyncLab repository (no .config/dotnet-tools.json found).");
            var lessons = LessonSet.Find(Path.Combine(root, "notebooks"), [options.Lesson], includeSolutions: false);
            if (lessons.Count != 1)
            {
                throw new ArgumentException($"--lesson '{options.Lesson}' matches {lessons.Count} lessons; give one, e.g. --lesson 00.");
            }
            checks = LessonChecks.Load(lessons[0]);
            submissions = Submissions(options.Submissions);
            if (options.TempFolder is { } temp && !Directory.Exists(temp))
            {
                throw new ArgumentException($"The --temp folder '{temp}' does not exist; create it or leave --temp out.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(options.CsvPath)!);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await output.WriteLineAsync($"grading {submissions.Count} submissions of {checks.Lesson} ({string.Join(", ", checks.Exercises)})");
        string builtHelpers, kernelApp;
        try
        {
            builtHelpers = await HelperBuild.EnsureAsync(root);
            kernelApp = await KernelTool.FindOrRestoreAsync(root);
        }
        catch (InvalidOperationException e)
        {
            // Nothing was graded: the helpers do not build or the kernel tool is missing.
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        var grader = new SubmissionGrader(checks, options, kernelApp, builtHelpers, Path.Combine(root, "global.json"));
        var grades = new List<StudentGrade>();
        foreach (var path in submissions)
        {
            var grade = await grader.GradeAsync(path, note => output.WriteLine($"  {note}"));
            grades.Add(grade);
            var verdicts = string.Join(" · ", grade.Exercises.Select(e => e.Passed ? $"{e.Exercise} ✓" : $"{e.Exercise} ✗"));
            await output.WriteLineAsync($"  {grade.Student}: {grade.Status}{(grade.Problem is null ? "" : $" ({grade.Problem})")} · {verdicts}");
        }
        var report = new GradeReport(checks.Lesson, checks.Exercises, grades);
        await File.WriteAllTextAsync(options.CsvPath, report.ToCsv());
        await File.WriteAllTextAsync(options.JsonPath, report.ToJson());
        await output.WriteLineAsync($"wrote {options.CsvPath} and {options.JsonPath}");
        return 0;
    }

    /// <summary>The notebooks in the folder (*.dib, *.ipynb), sorted by name, hidden files left out.</summary>
    private static IReadOnlyList<string> Submissions(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"The submissions folder '{folder}' does not exist.");
        }
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".dib", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new ArgumentException($"No notebooks (*.dib, *.ipynb) in '{folder}'.");
    }
}
