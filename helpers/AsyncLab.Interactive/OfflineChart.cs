using AsyncLab.Charts;
using Plotly.NET;

namespace AsyncLab.Interactive;

/// <summary>Any Plotly.NET chart as notebook HTML that draws offline with the bundled plotly.js.</summary>
internal static class OfflineChart
{
    public static string Html(GenericChart chart) => HtmlFragment.Build([(null, chart)], string.Empty, includePlotlyJs: true);
}
