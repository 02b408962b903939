using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AsyncLab.Runner.Grading;

/// <summary>The grades of one lesson: one row per student, one verdict per exercise, written as CSV and JSON.</summary>
/// <param name="Lesson">The lesson's file name without extension, e.g. "00-start-here".</param>
/// <param name="Exercises">The exercises of the lesson, in order (the names its self-checks give).</param>
/// <param name="Students">One row per submission, in file-name order.</param>
internal sealed record GradeReport(string Lesson, IReadOnlyList<string> Exercises, IReadOnlyList<StudentGrade> Students)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // ✓ stays ✓ in the file (the JSON is not put in HTML)
    };

    /// <summary>The report as indented JSON with camelCase names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>The CSV: a header "student,status,problem,&lt;exercise&gt;…", then a row per student with "✓" or the hint.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        Line(text, ["student", "status", "problem", .. Exercises]);
        foreach (var student in Students)
        {
            Line(text, [student.Student, student.Status, student.Problem ?? "", .. student.Exercises.Select(e => e.Passed ? "✓" : e.Verdict)]);
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, IEnumerable<string> fields) =>
        text.Append(string.Join(",", fields.Select(Field))).Append("\r\n"); // RFC 4180 line ends

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary>One student's result.</summary>
/// <param name="Student">The submission's file name without extension.</param>
/// <param name="File">The submission's file name.</param>
/// <param name="Status">
/// "ok", "failed" (a cell raised an error; the verdicts still count), "timed out", "disk limit", "malformed" (not a
/// notebook) or "kernel error" (the kernel did not start or answer).
/// </param>
/// <param name="Problem">What went wrong, e.g. "cell 12: …", or null.</param>
/// <param name="Exercises">One verdict per exercise of the lesson, in order.</param>
internal sealed record StudentGrade(string Student, string File, string Status, string? Problem, IReadOnlyList<ExerciseVerdict> Exercises);

/// <summary>One exercise of one student.</summary>
/// <param name="Exercise">Its name, e.g. "Exercise 1".</param>
/// <param name="Passed">True when its self-check answered ✓.</param>
/// <param name="Verdict">
/// "all checks pass", the hint, or why there is no verdict: "missing" (no check cell for it in the submission),
/// "not run" (the notebook stopped before it), "error: …" (the check cell failed).
/// </param>
internal sealed record ExerciseVerdict(string Exercise, bool Passed, string Verdict);
