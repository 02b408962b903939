using System.Net;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncLab.Runner.Export;

/// <summary>Colors C# code for the offline site with the C# parser's own tokens: no script, no network.</summary>
public static class CSharpHighlighter
{
    /// <summary>The code as HTML with <c>&lt;span class="k|s|c|n|t|d"&gt;</c> around keywords, strings, comments, numbers, types and directives.</summary>
    public static string ToHtml(string code)
    {
        var html = new StringBuilder();
        var root = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Preview, kind: SourceCodeKind.Script)).GetRoot();
        foreach (var token in root.DescendantTokens(descendIntoTrivia: true))
        {
            Trivia(html, token.LeadingTrivia);
            var kind = token.Kind();
            var css = token.IsKeyword() || SyntaxFacts.IsContextualKeyword(kind) || token.Text is "var" or "await" or "async" ? "k"
                : kind is SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringStartToken
                    or SyntaxKind.InterpolatedStringEndToken or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.InterpolatedRawStringEndToken
                    or SyntaxKind.InterpolatedSingleLineRawStringStartToken or SyntaxKind.SingleLineRawStringLiteralToken
                    or SyntaxKind.MultiLineRawStringLiteralToken ? "s"
                : kind == SyntaxKind.NumericLiteralToken ? "n"
                : kind == SyntaxKind.IdentifierToken && token.Text.Length > 0 && char.IsUpper(token.Text[0]) ? "t"
                : null;
            Span(html, css, token.Text);
            Trivia(html, token.TrailingTrivia);
        }
        return html.ToString();
    }

    private static void Trivia(StringBuilder html, SyntaxTriviaList trivia)
    {
        foreach (var t in trivia)
        {
            if (t.HasStructure)
            {
                continue; // directive trivia: its tokens are visited as tokens
            }
            var css = t.Kind() switch
            {
                SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia or SyntaxKind.SingleLineDocumentationCommentTrivia => "c",
                SyntaxKind.PreprocessingMessageTrivia or SyntaxKind.SkippedTokensTrivia => "d",
                _ => null,
            };
            Span(html, css, t.ToFullString());
        }
    }

    private static void Span(StringBuilder html, string? css, string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        html.Append(css is null ? encoded : $"<span class=\"{css}\">{encoded}</span>");
    }
}
