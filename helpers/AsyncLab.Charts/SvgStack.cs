using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AsyncLab.Charts;

/// <summary>Puts rendered SVG pictures, and lines of text under them, into one SVG document.</summary>
internal static partial class SvgStack
{
    private const double LineHeight = 18;

    /// <summary>
    /// One SVG: <paramref name="picture"/> nested at the top, then each line in monospace (in its colour, or
    /// <paramref name="textColor"/>). Lines are plain text; they are escaped here.
    /// </summary>
    public static string WithLines(string picture, IReadOnlyList<(string Line, string? Color)> lines, string textColor)
    {
        var (width, height) = Size(picture);
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

    /// <summary>One SVG: <paramref name="pictures"/> one under the other, each nested at its own height.</summary>
    public static string Pictures(params string[] pictures)
    {
        var width = 0.0;
        var y = 0.0;
        var body = new StringBuilder();
        foreach (var picture in pictures)
        {
            var (w, h) = Size(picture);
            body.Append(picture.Replace("<svg xmlns=\"http://www.w3.org/2000/svg\" ", $"<svg x=\"0\" y=\"{Text.Number(y)}\" ", StringComparison.Ordinal));
            width = Math.Max(width, w);
            y += h;
        }
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"asynclab-svg\" role=\"img\" viewBox=\"0 0 {Text.Number(width)} {Text.Number(y)}\" width=\"{Text.Number(width)}\" height=\"{Text.Number(y)}\" style=\"max-width:100%;height:auto\">{body}</svg>";
    }

    private static (double Width, double Height) Size(string picture)
    {
        var match = ViewBox().Match(picture);
        return match.Success
            ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : (900, 400);
    }

    [GeneratedRegex("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"")]
    private static partial Regex ViewBox();
}
