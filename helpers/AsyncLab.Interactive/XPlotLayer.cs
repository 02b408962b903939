using System.Reflection;
using System.Runtime.Loader;

namespace AsyncLab.Interactive;

/// <summary>
/// Draws an <see cref="XPlotView"/> with AsyncLab.XPlot, which is loaded here, on the first request, from beside this
/// assembly (the setup cell builds both into one folder). Nothing here names an XPlot type, so a notebook that never
/// shows an <see cref="XPlotView"/> never loads XPlot.
/// </summary>
internal static class XPlotLayer
{
    private const string LayerAssembly = "AsyncLab.XPlot";
    private const string DrawingType = "AsyncLab.XPlot.XPlotTimeline";
    private const string DrawingMethod = "ToXPlotChart";

    private static readonly Lazy<MethodInfo> Draw = new(FindDrawing);

    /// <summary>The XPlot.Plotly chart of the view's timeline.</summary>
    public static object Chart(XPlotView view)
    {
        try
        {
            return Draw.Value.Invoke(null, [view.Timeline, view.Title])!;
        }
        catch (TargetInvocationException failure) when (failure.InnerException is not null)
        {
            throw failure.InnerException;
        }
    }

    private static MethodInfo FindDrawing()
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == LayerAssembly)
            ?? LoadBesideThisAssembly();
        var method = assembly.GetType(DrawingType, throwOnError: true)!.GetMethods()
            .SingleOrDefault(m => m.Name == DrawingMethod && m.GetParameters().Length == 2)
            ?? throw new MissingMethodException(DrawingType, DrawingMethod);
        var wanted = method.GetParameters()[0].ParameterType;
        if (wanted != typeof(Timeline))
        {
            throw new InvalidOperationException(
                $"{LayerAssembly} was built against another copy of AsyncLab ({wanted.Assembly.Location}) than this notebook's ({typeof(Timeline).Assembly.Location}).");
        }
        return method;
    }

    private static Assembly LoadBesideThisAssembly()
    {
        var folder = Path.GetDirectoryName(typeof(XPlotLayer).Assembly.Location) ?? AppContext.BaseDirectory;
        var path = Path.Combine(folder, LayerAssembly + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{LayerAssembly}.dll is not beside AsyncLab.Interactive.dll in {folder}. Run the lesson's first setup cell again: it builds both there.",
                path);
        }
        // Into the load context that holds this assembly (and the AsyncLab it was built with), so both layers see one
        // Timeline type; the notebook kernel keeps its #r assemblies in a context of its own.
        var context = AssemblyLoadContext.GetLoadContext(typeof(XPlotLayer).Assembly) ?? AssemblyLoadContext.Default;
        return context.LoadFromAssemblyPath(path);
    }
}
