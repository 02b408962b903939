using System.Net;
using System.Text.RegularExpressions;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner.Grading;

/// <summary>
/// The self-check cells of a lesson, by exercise name, and its two setup cells. Grading runs these cells, as the lesson
/// has them, in place of the submission's: editing a check cell does not change its verdict, and the setup cells load
/// the helpers from ../helpers wherever the student kept the notebook.
/// </summary>
internal sealed partial class LessonChecks
{
    private readonly Dictionary<string, string> _cells;
    private readonly string _loadSetup;
    private readonly string _attachSetup;

    private LessonChecks(string lesson, IReadOnlyList<string> exercises, Dictionary<string, string> cells, string loadSetup, string attachSetup)
    {
        Lesson = lesson;
        Exercises = exercises;
        _cells = cells;
        _loadSetup = loadSetup;
        _attachSetup = attachSetup;
    }

    /// <summary>The lesson's file name without extension.</summary>
    public string Lesson { get; }

    /// <summary>The exercise names, in the lesson's order.</summary>
    public IReadOnlyList<string> Exercises { get; }

    /// <summary>Reads the check cells of the lesson at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The lesson has no self-check cell.</exception>
    public static LessonChecks Load(string path)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        var code = NotebookFile.Load(path).Elements.Where(NotebookFile.IsCode).Select(c => c.Contents ?? "").ToList();
        var lesson = Path.GetFileNameWithoutExtension(path);
        var loadSetup = code.FirstOrDefault(c => c.Contains(SetupFile, StringComparison.Ordinal));
        var attachSetup = code.FirstOrDefault(c => Export.LessonRules.IsSetupCell(c) && !c.Contains(SetupFile, StringComparison.Ordinal));
        if (loadSetup is null || attachSetup is null)
        {
            throw new ArgumentException($"The lesson '{lesson}' lacks its two setup cells (#load \"../helpers/{SetupFile}\" and the Attach() cell); grading needs them.");
        }
        foreach (var cell in code)
        {
            if (ExerciseOf(cell) is { } name && cells.TryAdd(name, cell))
            {
                names.Add(name);
            }
        }
        return names.Count == 0
            ? throw new ArgumentException($"The lesson '{lesson}' has no self-check cell (SelfCheck.Verify(\"Exercise …\")), so there is nothing to grade: choose a lesson with exercises.")
            : new LessonChecks(lesson, names, cells, loadSetup, attachSetup);
    }

    /// <summary>The exercise a cell checks, or null when it is not a check cell.</summary>
    public static string? ExerciseOf(string code) => CheckCall().Match(code) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The lesson's own cell in place of a submission's check or setup cell; any other cell unchanged.</summary>
    public string Replace(string code) =>
        ExerciseOf(code) is { } name && _cells.TryGetValue(name, out var own) ? own
        : code.Contains(SetupFile, StringComparison.Ordinal) ? _loadSetup
        : Export.LessonRules.IsSetupCell(code) ? _attachSetup
        : code;

    private const string SetupFile = "notebook-setup.csx";

    /// <summary>The verdict printed by a check cell: (passed, "all checks pass" or the hint), or null.</summary>
    public static (bool Passed, string Message)? VerdictOf(CellResult cell, string exercise)
    {
        foreach (var output in cell.Outputs.Where(o => o.Kind is OutputKind.ReturnValue or OutputKind.Display))
        {
            // The kernel may send the verdict as HTML only: <div style="…">✓ Exercise 1: all checks pass</div>.
            var text = output["text/plain"] ?? WebUtility.HtmlDecode(Tag().Replace(output["text/html"] ?? "", "")).Trim();
            if (text.StartsWith($"✓ {exercise}: ", StringComparison.Ordinal))
            {
                return (true, text[$"✓ {exercise}: ".Length..]);
            }
            if (text.StartsWith($"✗ {exercise} · hint: ", StringComparison.Ordinal))
            {
                return (false, text[$"✗ {exercise} · hint: ".Length..]);
            }
        }
        return null;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"SelfCheck\.Verify\(\s*""([^""]+)""")]
    private static partial Regex CheckCall();
}
