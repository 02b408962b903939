using System.Collections.Concurrent;
using System.Reflection;
using AsyncLab.Charts;
using Microsoft.DotNet.Interactive.Formatting;

namespace AsyncLab.Interactive;

/// <summary>
/// The offline formatter for XPlot.Plotly charts, registered only when XPlot.Plotly is loaded (a cell that uses XPlot,
/// directly or through AsyncLab.XPlot, loads it). A notebook that never asks for XPlot never loads it.
/// </summary>
/// <remarks>
/// Nothing here names an XPlot type: the formatter is registered for the chart type of the assembly that was actually
/// loaded, found by name. Naming the type in code would make the runtime resolve XPlot.Plotly from this assembly's
/// side, which inside the kernel can load a second copy whose charts the formatter would never see.
/// </remarks>
internal static class XPlotFormatter
{
    private const string XPlotAssembly = "XPlot.Plotly";
    private const string ChartType = "XPlot.Plotly.PlotlyChart";

    private static readonly ConcurrentDictionary<Type, bool> Registered = new();

    /// <summary>Registers the formatter for XPlot.Plotly if it is loaded already, and whenever it loads from now on.</summary>
    public static void RegisterWhenLoaded()
    {
        AppDomain.CurrentDomain.AssemblyLoad += static (_, args) => Register(args.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Register(assembly);
        }
    }

    /// <summary>True for an XPlot chart whose formatter is registered.</summary>
    public static bool Handles(object? value) => value is not null && Registered.ContainsKey(value.GetType());

    private static void Register(Assembly assembly)
    {
        if (assembly.GetName().Name != XPlotAssembly
            || assembly.GetType(ChartType) is not { } chartType
            || chartType.GetMethod("GetInlineHtml", Type.EmptyTypes) is not { } inlineHtml
            || !Registered.TryAdd(chartType, true))
        {
            return;
        }
        // XPlot's notebook HTML links plotly.js from a CDN; put the bundled copy in front of its inline chart instead.
        Formatter.Register(
            chartType,
            (chart, writer) => writer.Write(PlotlyJs.GuardedScript + (string?)inlineHtml.Invoke(chart, null)),
            HtmlFormatter.MimeType);
    }
}
