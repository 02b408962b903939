using System.Text.Json;
using System.Text.Json.Serialization;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Runner;

/// <summary>The results of one run, printed with --json as the only thing on standard output.</summary>
/// <param name="ExitCode">The runner's exit code: 0 all ran, 1 a cell failed or a rule is broken, 2 a notebook error.</param>
/// <param name="Executed">False with --no-exec: nothing ran, so no notebook has cells.</param>
/// <param name="VirtualTime">True when the labs ran in virtual time (--virtual-time).</param>
/// <param name="Output">The folder that received notebooks/, site/ and apps/.</param>
/// <param name="Notebooks">One entry per notebook, in the order they ran.</param>
/// <param name="Warnings">Lesson rules that do not stop the conversion, each naming its notebook and cell.</param>
internal sealed record RunReport(
    int ExitCode,
    bool Executed,
    bool VirtualTime,
    string Output,
    IReadOnlyList<RunReport.Notebook> Notebooks,
    IReadOnlyList<string> Warnings)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The report as indented JSON, property names and statuses in camelCase.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>One notebook.</summary>
    /// <param name="Name">The file name without extension, e.g. "01-fan-out-whenall".</param>
    /// <param name="Path">The file relative to the notebooks folder, e.g. "solutions/01-fan-out-whenall.dib".</param>
    /// <param name="Status">What happened to it.</param>
    /// <param name="Seconds">Time spent on it, kernel start and export included.</param>
    /// <param name="Problem">The message the table prints under it, or null.</param>
    /// <param name="Cells">The code cells that ran, in order (empty with --no-exec or when the file is malformed).</param>
    internal sealed record Notebook(string Name, string Path, NotebookStatus Status, double Seconds, string? Problem, IReadOnlyList<Cell> Cells);

    /// <summary>One code cell after the run.</summary>
    /// <param name="Number">The cell's position in the notebook, counting every cell from 1 (as an editor shows it).</param>
    /// <param name="Status">What happened to it.</param>
    /// <param name="Seconds">How long it ran.</param>
    /// <param name="Error">The first line of its error, or null.</param>
    internal sealed record Cell(int Number, CellStatus Status, double Seconds, string? Error)
    {
        /// <summary>The report line of a cell result.</summary>
        public static Cell From(CellResult cell) =>
            new(cell.Number, cell.Status, Round(cell.Duration),
                cell.Error?.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0));
    }

    /// <summary>Seconds to the millisecond, so the JSON does not carry timer noise.</summary>
    public static double Round(TimeSpan time) => Math.Round(time.TotalSeconds, 3);
}
