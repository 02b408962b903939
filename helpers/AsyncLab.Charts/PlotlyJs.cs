using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>
/// The plotly.js bundle that Plotly.NET carries inside its DLL, so charts draw offline: no CDN, no require.js.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The name of the embedded resource in Plotly.NET.dll.</summary>
    public const string ResourceName = "Plotly.NET.plotly-2.28.0.min.js";

    /// <summary>The plotly.js version of <see cref="Source"/>.</summary>
    public const string Version = "2.28.0";

    private static readonly Lazy<string> _source = new(Load);
    private static readonly Lazy<string> _guardedScript = new(BuildGuardedScript);

    /// <summary>The plotly.js 2.28 source text, read once from Plotly.NET.dll on first use.</summary>
    public static string Source => _source.Value;

    /// <summary>
    /// The complete <c>&lt;script data-asynclab-plotly&gt;…&lt;/script&gt;</c> element the HTML fragments carry.
    /// It defines <c>window.Plotly</c> only when the page has none yet, and hides <c>define</c>, <c>module</c>,
    /// <c>exports</c> and <c>require</c> from the bundle, so a page with require.js (classic Jupyter) still gets
    /// <c>window.Plotly</c> and nothing registers with require.js.
    /// Exporters that merge fragments remove every such element and put one copy back per file.
    /// </summary>
    public static string GuardedScript => _guardedScript.Value;

    private static string Load()
    {
        var assembly = typeof(GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"Plotly.NET.dll ({assembly.GetName().Version}) has no resource '{ResourceName}'. Use the Plotly.NET version pinned in Directory.Packages.props.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // The loader names are hidden by block-scoped variables rather than by the parameters of a wrapping function: with
    // no function around the 3.4 MB bundle, headless Chromium evaluates it about as fast as the bare file, a fifth
    // faster than inside a function (measured on the first chart of a fresh page).
    private static string BuildGuardedScript() =>
        "<script data-asynclab-plotly>if(!window.Plotly){let define,module,exports,require;\n"
        + Source
        + "\n}</script>";
}
