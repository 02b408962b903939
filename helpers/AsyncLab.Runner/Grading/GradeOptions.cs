using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace AsyncLab.Runner.Grading;

/// <summary>The command line of <c>grade</c>, parsed and checked.</summary>
internal sealed record GradeOptions
{
    public required string Submissions { get; init; }

    public required string Lesson { get; init; }

    public required string CsvPath { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required long MemoryBytes { get; init; }

    public required long DiskBytes { get; init; }

    public string? TempFolder { get; init; }

    /// <summary>The JSON file written beside the CSV: grades.csv gives grades.json.</summary>
    public string JsonPath => Path.ChangeExtension(CsvPath, ".json");

    private static readonly Argument<string> _folder = new("folder")
    {
        Description = "The folder of submitted notebooks (*.dib, *.ipynb), one per student, named after the student.",
    };

    private static readonly Option<string> _lesson = new("--lesson")
    {
        Description = "The lesson they answer, by name or number (\"00\"): its self-check cells are the ones that grade.",
        HelpName = "lesson",
        Required = true,
    };

    private static readonly Option<string?> _out = new("--out")
    {
        Description = "The CSV file to write; the JSON goes beside it with .json (default: grades.csv).",
        HelpName = "file",
    };

    private static readonly Option<double?> _timeout = new("--timeout")
    {
        Description = "Stop a notebook that runs longer than this many seconds, kernel start included (default: 120).",
        HelpName = "secs",
        Arity = ArgumentArity.ZeroOrOne, // so that a missing value gets the message below, not the parser's
        CustomParser = result => Positive(result, "--timeout", "a positive number of seconds up to 86400", "--timeout 120", sizes: false),
    };

    private static readonly Option<double?> _memory = new("--memory")
    {
        Description = "The kernel's managed heap limit, e.g. 512m or 1g (default: 1g).",
        HelpName = "size",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result => Positive(result, "--memory", "a size such as 512m or 1g", "--memory 1g", sizes: true),
    };

    private static readonly Option<double?> _disk = new("--disk")
    {
        Description = "Stop a notebook whose working folder grows by more than this, e.g. 100m (default: 100m).",
        HelpName = "size",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result => Positive(result, "--disk", "a size such as 100m", "--disk 100m", sizes: true),
    };

    private static readonly Option<string?> _temp = new("--temp")
    {
        Description = "Where each notebook's working folder is made, and deleted afterwards (default: the system temp folder).",
        HelpName = "folder",
    };

    private static readonly Command _command = new("grade",
        "Runs each student's notebook in its own kernel and temporary folder and writes every exercise's verdict " +
        "(✓ or the hint) as CSV and JSON.")
    {
        _folder, _lesson, _out, _timeout, _memory, _disk, _temp,
        new HelpOption { Action = new HelpAction { MaxWidth = 110 } },
    };

    /// <summary>Parses the arguments after <c>grade</c>.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) => _command.Parse(args);

    /// <summary>The options of a <paramref name="result"/> without errors.</summary>
    public static GradeOptions From(ParseResult result)
    {
        System.Diagnostics.Debug.Assert(result.Errors.Count == 0, "Only a command line without errors has options.");
        return new GradeOptions
        {
            Submissions = Path.GetFullPath(result.GetValue(_folder)!),
            Lesson = result.GetValue(_lesson)!,
            CsvPath = Path.GetFullPath(result.GetValue(_out) ?? "grades.csv"),
            Timeout = TimeSpan.FromSeconds(result.GetValue(_timeout) ?? 120),
            MemoryBytes = (long)(result.GetValue(_memory) ?? 1L << 30),
            DiskBytes = (long)(result.GetValue(_disk) ?? 100L << 20),
            TempFolder = result.GetValue(_temp) is { } temp ? Path.GetFullPath(temp) : null,
        };
    }

    /// <summary>Writes the generated help and an example.</summary>
    public static void WriteHelp(ParseResult result, TextWriter output)
    {
        result.Invoke(new InvocationConfiguration { Output = output });
        output.WriteLine("""
            Example: dotnet run --project helpers/AsyncLab.Runner -- grade submissions --lesson 00 --out grades.csv
            Exit code: 0 when every notebook was graded (a failing or stopped notebook is a row, not an error), 1 when the
            helpers do not build or the kernel tool is missing, 2 for a usage error.
            """);
    }

    /// <summary>
    /// A positive number, or null after adding an error; with <paramref name="sizes"/> a number of bytes with an
    /// optional k, m or g suffix.
    /// </summary>
    private static double? Positive(ArgumentResult result, string option, string what, string example, bool sizes)
    {
        var text = result.Tokens is [{ Value: var value }] ? value.Trim() : "";
        var multiplier = 1.0;
        if (sizes && text.Length > 0)
        {
            multiplier = char.ToLowerInvariant(text[^1]) switch { 'k' => 1 << 10, 'm' => 1 << 20, 'g' => 1 << 30, _ => 1 };
            text = multiplier > 1 ? text[..^1] : text;
        }
        var largest = sizes ? 1L << 50 : TimeSpan.FromDays(1).TotalSeconds; // a petabyte, a day
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && number * multiplier <= largest)
        {
            return number * multiplier;
        }
        result.AddError($"{option} takes {what}, not '{string.Join(" ", result.Tokens.Select(t => t.Value))}' (for example {example}).");
        return null;
    }
}
