using System.Text;
using Plotly.NET;

namespace AsyncLab;

/// <summary>
/// How <see cref="Lab.Show"/> displays values outside a notebook. A timeline prints its summary line and is written
/// as an offline HTML chart into the folder named by the <c>ASYNCLAB_CHARTS</c> environment variable (default
/// <c>./charts</c>), as <c>&lt;n&gt;-&lt;slug-of-title&gt;.html</c>, where n counts charts in this process from 1.
/// Other values print as text.
/// </summary>
internal static class ConsoleShow
{
    /// <summary>The environment variable that names the chart folder.</summary>
    public const string ChartsVariable = "ASYNCLAB_CHARTS";

    private static int _chartCount;

    public static void Show(object? value)
    {
        switch (value)
        {
            case null:
                Console.WriteLine("(null)");
                break;
            case Timeline timeline:
                Console.WriteLine(timeline.Summary);
                foreach (var warning in timeline.Warnings)
                {
                    Console.WriteLine("warning: " + warning);
                }
                var path = timeline.SaveHtml(NextChartPath(timeline.Title));
                Console.WriteLine($"chart written to {path}");
                break;
            case GenericChart chart:
                var file = NextChartPath(null, "chart");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, Charts.HtmlFragment.Page("AsyncLab chart", Charts.HtmlFragment.Build([(null, chart)], string.Empty, includePlotlyJs: false)));
                Console.WriteLine($"chart written to {file}");
                break;
            default:
                Console.WriteLine(value.ToString());
                break;
        }
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
