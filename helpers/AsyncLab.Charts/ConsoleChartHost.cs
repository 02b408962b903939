using System.Text;
using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>
/// The console host that keeps the charts. <see cref="Lab.Show"/> prints a timeline's summary line and warnings, as
/// <see cref="LabHost.Default"/> does, then writes its chart as an offline HTML page and prints
/// <c>chart written to &lt;path&gt;</c>. A replay prints the summary line and <c>replay written to &lt;path&gt;</c>. A Plotly.NET chart, a checked prediction, a sweep and a comparison (their text
/// printed first) are written the same way; any other value prints as text.
/// </summary>
/// <remarks>
/// Charts go into the folder named by the <c>ASYNCLAB_CHARTS</c> environment variable (read at each chart), or
/// <c>./charts</c>, as <c>&lt;n&gt;-&lt;slug-of-title&gt;.html</c>, where n counts charts in this process from 1. The
/// lessons' generated C# apps install this host in their first line.
/// </remarks>
/// <example><code>LabHost.Install(new ConsoleChartHost());</code></example>
public sealed class ConsoleChartHost : LabHost
{
    /// <summary>The environment variable that names the chart folder.</summary>
    public const string ChartsVariable = "ASYNCLAB_CHARTS";

    private static int _chartCount;

    /// <summary>Prints <paramref name="value"/>; a timeline or a Plotly.NET chart is also written to an HTML file.</summary>
    /// <param name="value">The value to show.</param>
    public override void Show(object? value)
    {
        switch (value)
        {
            case Timeline timeline:
                Default.Show(timeline);
                var path = timeline.SaveHtml(NextChartPath(timeline.Title));
                Console.WriteLine($"chart written to {path}");
                break;
            case TimelineReplay replay:
                Default.Show(replay.Timeline);
                Console.WriteLine($"replay written to {replay.SaveHtml(NextChartPath(replay.Title ?? replay.Timeline.Title, "replay"))}");
                break;
            case XPlotView view:
                // A console app has no XPlot: the same timeline, drawn the usual way.
                Show(view.Timeline);
                break;
            case PredictionCheck check:
                // The run's own summary line first, as the chart in a notebook shows it above the guesses.
                Console.WriteLine(check.Timeline.Summary);
                Default.Show(check);
                var checkPath = NextChartPath(check.Timeline.Title, "prediction");
                Directory.CreateDirectory(Path.GetDirectoryName(checkPath)!);
                File.WriteAllText(checkPath, check.ToHtml());
                Console.WriteLine($"chart written to {checkPath}");
                break;
            case SweepResult sweep:
                Default.Show(sweep);
                Console.WriteLine($"chart written to {WritePage(NextChartPath(sweep.Title, "sweep"), sweep.ToHtml())}");
                break;
            case SweepComparison comparison:
                Default.Show(comparison);
                Console.WriteLine($"chart written to {WritePage(NextChartPath(null, "comparison"), HtmlFragment.Page(comparison.DiffLine, comparison.ToHtmlFragment(includePlotlyJs: false)))}");
                break;
            case GenericChart chart:
                var file = NextChartPath(null, "chart");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, HtmlFragment.Page("AsyncLab chart", HtmlFragment.Build([(null, chart)], string.Empty, includePlotlyJs: false)));
                Console.WriteLine($"chart written to {file}");
                break;
            default:
                Default.Show(value);
                break;
        }
    }

    /// <summary>Where the charts go, such as <c>console chart host: charts written to /home/me/charts</c>.</summary>
    public override string ToString()
    {
        var folder = Environment.GetEnvironmentVariable(ChartsVariable);
        return $"console chart host: charts written to {Path.GetFullPath(string.IsNullOrWhiteSpace(folder) ? "charts" : folder)}";
    }

    private static string WritePage(string path, string html)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, html);
        return path;
    }

    /// <summary>The next numbered file name in the chart folder, such as <c>charts/3-fan-out.html</c>.</summary>
    internal static string NextChartPath(string? title, string fallback = "timeline")
    {
        var folder = Environment.GetEnvironmentVariable(ChartsVariable);
        if (string.IsNullOrWhiteSpace(folder))
        {
            folder = "charts";
        }
        var number = Interlocked.Increment(ref _chartCount);
        return Path.GetFullPath(Path.Combine(folder, $"{number}-{Slug(title, fallback)}.html"));
    }

    /// <summary>Lower-case letters and digits joined by single dashes, at most 60 characters.</summary>
    internal static string Slug(string? title, string fallback = "timeline")
    {
        var slug = new StringBuilder();
        foreach (var c in (title ?? string.Empty).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
            if (slug.Length >= 60)
            {
                break;
            }
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? fallback : text;
    }
}
