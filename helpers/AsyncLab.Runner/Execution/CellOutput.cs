using System.Net;
using System.Text.RegularExpressions;

namespace AsyncLab.Runner.Execution;

/// <summary>One output of a cell: the same value formatted for one or more MIME types.</summary>
/// <param name="Kind">Where the output came from.</param>
/// <param name="Data">The formatted value by MIME type, e.g. "text/plain", "text/html".</param>
public sealed partial record CellOutput(OutputKind Kind, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>The output as plain text: text/plain when present, else the text of the HTML.</summary>
    public string Text =>
        Data.TryGetValue("text/plain", out var plain) ? plain
        : Data.TryGetValue("text/html", out var html) ? WebUtility.HtmlDecode(Tags().Replace(ScriptsAndStyles().Replace(html, " "), " "))
        : string.Join("\n", Data.Values);

    /// <summary>The value formatted as <paramref name="mimeType"/>, or null.</summary>
    public string? this[string mimeType] => Data.TryGetValue(mimeType, out var value) ? value : null;

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptsAndStyles();
}
