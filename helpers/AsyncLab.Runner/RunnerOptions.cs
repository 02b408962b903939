using System.Globalization;

namespace AsyncLab.Runner;

/// <summary>The command line of the runner, parsed and checked.</summary>
internal sealed record RunnerOptions
{
    public List<string> Patterns { get; } = [];

    public string? NotebooksFolder { get; init; }

    public string? OutputFolder { get; init; }

    public bool Execute { get; init; } = true;

    public bool IncludeSolutions { get; init; }

    public bool VirtualTime { get; init; }

    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public bool Help { get; init; }

    public const string Usage = """
        Runs every lesson on the .NET Interactive kernel and publishes it.

        Usage: dotnet run --project helpers/AsyncLab.Runner -- [options] [notebook ...]

          notebook ...            only these lessons: a name ("01-fan-out-whenall"), a number prefix ("01") or a glob ("0*")
          --output <folder>       where to write notebooks/, site/ and apps/ (default: artifacts/ in the repository)
          --notebooks <folder>    where the lessons are (default: notebooks/ in the repository)
          --solutions             also run the solutions in notebooks/solutions/
          --no-exec               only export (notebooks without outputs, site, apps); no kernel
          --virtual-time          run every lab in virtual time (ASYNCLAB_TIME=virtual) to check exact figures;
                                  labs made with virtualTime: false stay real. Publish without it: real time
          --cell-timeout <secs>   stop a cell that runs longer and report it (default: 120)
          -h, --help              show this help

        Exit code: 0 when every cell ran, 1 when a cell failed, 2 for a usage or notebook error.
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static RunnerOptions Parse(string[] args)
    {
        var options = new RunnerOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{arg} needs a value.");
            options = arg switch
            {
                "-h" or "--help" or "-?" => options with { Help = true },
                "--output" or "-o" => options with { OutputFolder = Value() },
                "--notebooks" => options with { NotebooksFolder = Value() },
                "--solutions" => options with { IncludeSolutions = true },
                "--no-exec" => options with { Execute = false },
                "--virtual-time" => options with { VirtualTime = true },
                "--cell-timeout" => options with { CellTimeout = Seconds(Value()) },
                _ when arg.StartsWith('-') => throw new ArgumentException($"Unknown option '{arg}'. Try --help."),
                _ => options,
            };
            if (!arg.StartsWith('-') && (i == 0 || !IsValued(args[i - 1])))
            {
                options.Patterns.Add(arg);
            }
        }
        return options;
    }

    private static bool IsValued(string option) => option is "--output" or "-o" or "--notebooks" or "--cell-timeout";

    private static TimeSpan Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"--cell-timeout takes a positive number of seconds, not '{text}'.");
}
