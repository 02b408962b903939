using System.Globalization;
using System.Text;
using System.Xml;

namespace AsyncLab.Charts;

/// <summary>Escaping and number formatting shared by the chart writers.</summary>
internal static class Text
{
    /// <summary>Escapes text for HTML and XML content and attributes; characters XML forbids become U+FFFD.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[i + 1]);
                        i++;
                    }
                    else if (XmlConvert.IsXmlChar(c))
                    {
                        builder.Append(c);
                    }
                    else
                    {
                        builder.Append('\uFFFD');
                    }
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Makes JSON safe inside an HTML <c>&lt;script&gt;</c> element: every <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>
    /// becomes a \u escape (same string value), so no <c>&lt;/script&gt;</c> or <c>&lt;!--</c> can appear.
    /// </summary>
    public static string ForScript(string json) =>
        json.Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal)
            .Replace("\u2028", "\\u2028", StringComparison.Ordinal)
            .Replace("\u2029", "\\u2029", StringComparison.Ordinal);

    /// <summary>Seconds with three decimals, invariant culture: <c>1.500 s</c>.</summary>
    public static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.000} s");

    /// <summary>A number for SVG coordinates: at most two decimals, invariant culture.</summary>
    public static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
