using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace AsyncLab.Runner;

/// <summary>The command line of the runner, parsed and checked.</summary>
internal sealed record RunnerOptions
{
    public IReadOnlyList<string> Patterns { get; init; } = [];

    public string? NotebooksFolder { get; init; }

    public string? OutputFolder { get; init; }

    public bool Execute { get; init; } = true;

    public bool IncludeSolutions { get; init; }

    public bool VirtualTime { get; init; }

    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(DefaultCellTimeoutSeconds);

    public bool Json { get; init; }

    private const double DefaultCellTimeoutSeconds = 120;

    private static readonly Argument<string[]> _patterns = new("notebook")
    {
        Description = "Only these lessons: a name (\"01-fan-out-whenall\"), a number prefix (\"01\") or a glob (\"0*\"). " +
            "Without any, every lesson runs.",
        Arity = ArgumentArity.ZeroOrMore,
        Validators = { RejectUnknownOptions },
    };

    private static readonly Option<string?> _output = Folder("--output", "-o",
        "Where to write notebooks/, site/ and apps/ (default: artifacts/ in the repository).");

    private static readonly Option<string?> _notebooks = Folder("--notebooks", null,
        "Where the lessons are (default: notebooks/ in the repository).");

    private static readonly Option<bool> _solutions = new("--solutions")
    {
        Description = "Also run the solutions in notebooks/solutions/.",
    };

    private static readonly Option<bool> _noExec = new("--no-exec")
    {
        Description = "Only export (notebooks without outputs, the site, the apps); do not start the kernel.",
    };

    private static readonly Option<bool> _virtualTime = new("--virtual-time")
    {
        Description = "Run every lab in virtual time (ASYNCLAB_TIME=virtual) to check the exact figures; labs made with " +
            "virtualTime: false stay real. Publish the site from a run without it, in real time.",
    };

    private static readonly Option<double?> _cellTimeout = new("--cell-timeout")
    {
        Description = "Stop a cell that runs longer than this many seconds and report it (default: 120).",
        HelpName = "secs",
        Arity = ArgumentArity.ZeroOrOne, // so that a missing value gets the message below, not the parser's
        CustomParser = PositiveSeconds,
    };

    private static readonly Option<bool> _json = new("--json")
    {
        Description = "Print the results as one JSON document on standard output (per notebook: name, status, time, and " +
            "each cell's number, status, time and error). The progress and the table go to standard error.",
    };

    private static readonly Command _command = new("AsyncLab.Runner",
        "Runs every lesson on the .NET Interactive kernel and publishes it: executed notebooks, an offline site and " +
        "C# file-based apps.")
    {
        _patterns, _output, _notebooks, _solutions, _noExec, _virtualTime, _cellTimeout, _json,
        new HelpOption { Action = new HelpAction { MaxWidth = 110 } },
    };

    /// <summary>
    /// Parses <paramref name="args"/>. The result's <see cref="ParseResult.Errors"/> hold messages for the user;
    /// its <see cref="ParseResult.Action"/> is a <see cref="HelpAction"/> when help was asked for.
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string> args) => _command.Parse(args);

    /// <summary>The options of a <paramref name="result"/> without errors.</summary>
    public static RunnerOptions From(ParseResult result)
    {
        System.Diagnostics.Debug.Assert(result.Errors.Count == 0, "Only a command line without errors has options.");
        return new RunnerOptions
        {
            Patterns = result.GetValue(_patterns) ?? [],
            OutputFolder = result.GetValue(_output),
            NotebooksFolder = result.GetValue(_notebooks),
            IncludeSolutions = result.GetValue(_solutions),
            Execute = !result.GetValue(_noExec),
            VirtualTime = result.GetValue(_virtualTime),
            CellTimeout = TimeSpan.FromSeconds(result.GetValue(_cellTimeout) ?? DefaultCellTimeoutSeconds),
            Json = result.GetValue(_json),
        };
    }

    /// <summary>Writes the generated help and how to start the runner and read its exit code.</summary>
    public static void WriteHelp(ParseResult result, TextWriter output)
    {
        result.Invoke(new InvocationConfiguration { Output = output });
        output.WriteLine("""
            Start it with: dotnet run --project helpers/AsyncLab.Runner -- [options] [notebook ...]
            Grade students' notebooks: dotnet run --project helpers/AsyncLab.Runner -- grade --help
            Exit code: 0 when every cell ran, 1 when a cell failed or a lesson rule is broken, 2 for a usage or notebook error.
            """);
    }

    private static Option<string?> Folder(string name, string? alias, string description) =>
        new(name, alias is null ? [] : [alias])
        {
            Description = description,
            HelpName = "folder",
            Arity = ArgumentArity.ZeroOrOne, // so that a missing value gets the message below, not the parser's
            CustomParser = result => Value(result, "a folder", $"{name} artifacts/preview"),
        };

    private static double? PositiveSeconds(ArgumentResult result)
    {
        if (Value(result, "a number of seconds", "--cell-timeout 300") is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
        {
            return seconds;
        }
        result.AddError($"--cell-timeout takes a positive number of seconds, not '{text}' (for example --cell-timeout 300).");
        return null;
    }

    /// <summary>The option's one value, or null after adding an error that says what the option needs.</summary>
    private static string? Value(ArgumentResult result, string what, string example)
    {
        if (result.Tokens is [{ Value: var text }] && !text.StartsWith("--", StringComparison.Ordinal))
        {
            return text;
        }
        var option = result.Parent is OptionResult { IdentifierToken: { } typed } ? typed.Value : result.Argument.Name;
        result.AddError($"{option} needs {what} after it, for example {example}.");
        return null;
    }

    /// <summary>An unknown option would otherwise be taken for a notebook name.</summary>
    private static void RejectUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
        {
            result.AddError($"Unknown option '{token.Value}'. Run with --help to see the options.");
        }
    }
}
