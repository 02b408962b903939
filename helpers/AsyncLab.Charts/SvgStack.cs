using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AsyncLab.Charts;

/// <summary>Puts a rendered SVG picture and some lines of text under it into one SVG document.</summary>
internal static partial class SvgStack
{
    private const double LineHeight = 18;

    /// <summary>
    /// One SVG: <paramref name="picture"/> nested at the top, then each line in monospace (in its colour, or
    /// <paramref name="textColor"/>). Lines are plain text; they are escaped here.
    /// </summary>
    public static string WithLines(string picture, IReadOnlyList<(string Line, string? Color)> lines, string textColor)
    {
        var match = ViewBox().Match(picture);
        var width = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 900;
        var height = match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 400;
        var total = height + lines.Count * LineHeight + 10;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"asynclab-svg\" role=\"img\" viewBox=\"0 0 {Text.Number(width)} {Text.Number(total)}\" width=\"{Text.Number(width)}\" height=\"{Text.Number(total)}\" style=\"max-width:100%;height:auto\" font-size=\"12\">");
        svg.Append(picture.Replace("<svg xmlns=\"http://www.w3.org/2000/svg\" ", "<svg x=\"0\" y=\"0\" ", StringComparison.Ordinal));
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, color) = lines[i];
            svg.Append($"<text x=\"12\" y=\"{Text.Number(height + (i + 1) * LineHeight)}\" font-family=\"monospace\" xml:space=\"preserve\" fill=\"{color ?? textColor}\">{Text.Escape(line)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    [GeneratedRegex("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"")]
    private static partial Regex ViewBox();
}
