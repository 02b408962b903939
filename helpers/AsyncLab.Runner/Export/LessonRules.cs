using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;

namespace AsyncLab.Runner.Export;

/// <summary>
/// The lesson-writing rules that make a notebook convertible into a C# file-based app (notebooks/AUTHORING.md),
/// checked with the C# parser.
/// </summary>
public static partial class LessonRules
{
    /// <summary>The longest code cell a lesson may have, in lines.</summary>
    public const int MaxCellLines = 25;

    /// <summary>True for the two setup cells every lesson starts with (they load the notebook integration).</summary>
    public static bool IsSetupCell(string code) =>
        code.Contains("notebook-setup.csx", StringComparison.Ordinal) ||
        code.Contains("AsyncLab.Interactive.Notebook.Attach()", StringComparison.Ordinal);

    /// <summary>
    /// Parses one cell's code as top-level statements (what it becomes in the file-based app). A trailing bare
    /// expression (the value the notebook displays) gets its semicolon, so it parses as an expression statement.
    /// </summary>
    public static CompilationUnitSyntax Parse(string code)
    {
        var script = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Preview, kind: SourceCodeKind.Script)).GetRoot();
        if (script is CompilationUnitSyntax { Members: [.., GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last }] })
        {
            code = code.Insert(last.Expression.Span.End, TrailingMarker);
        }
        return (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
    }

    /// <summary>The cell's trailing bare expression (its last statement, written without a semicolon), or null.</summary>
    public static ExpressionStatementSyntax? TrailingExpression(CompilationUnitSyntax root) =>
        root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax last } &&
        last.SemicolonToken.TrailingTrivia.ToFullString().Contains(DisplayComment, StringComparison.Ordinal)
            ? last
            : null;

    /// <summary>Syntax errors in a cell.</summary>
    public static IEnumerable<Diagnostic> SyntaxErrors(CompilationUnitSyntax root) =>
        root.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

    // The semicolon Parse adds after a trailing expression, with a comment that marks it as added.
    private const string DisplayComment = "/*display*/";
    private const string TrailingMarker = "; " + DisplayComment;

    /// <summary>Every rule the notebook breaks; empty when it can be converted mechanically.</summary>
    public static IReadOnlyList<RuleViolation> Check(InteractiveDocument document)
    {
        var violations = new List<RuleViolation>();
        var declared = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var cell = document.Elements[i];
            var number = i + 1;
            var code = cell.Contents ?? "";
            if (cell.KernelName is "markdown" or "md")
            {
                continue;
            }
            if (cell.KernelName != "csharp")
            {
                violations.Add(new(number, $"the cell runs on kernel '{cell.KernelName}'; lessons use C# cells only"));
                continue;
            }
            var lines = code.TrimEnd().Split('\n').Length;
            if (lines > MaxCellLines)
            {
                violations.Add(new(number, $"the cell has {lines} lines; split it (at most {MaxCellLines})", BreaksConversion: false));
            }
            if (IsSetupCell(code))
            {
                continue;
            }
            foreach (var line in code.Split('\n').Select(l => l.Trim()))
            {
                if (line.StartsWith("#!", StringComparison.Ordinal))
                {
                    violations.Add(new(number, $"'{line}': no magic commands in lessons"));
                }
                else if (line.StartsWith("#r ", StringComparison.Ordinal) || line.StartsWith("#load ", StringComparison.Ordinal))
                {
                    violations.Add(new(number, $"'{line}': only the two setup cells load code; put helpers in helpers/AsyncLab"));
                }
            }
            var root = Parse(code);
            foreach (var diagnostic in SyntaxErrors(root).Take(1))
            {
                violations.Add(new(number, $"the code does not parse: {diagnostic.GetMessage()}"));
            }
            foreach (var type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                violations.Add(new(number, $"'{type.Identifier.Text}' declares a type; use local functions, tuples or anonymous types, or move it into helpers/AsyncLab"));
            }
            foreach (var type in root.DescendantNodes().OfType<DelegateDeclarationSyntax>())
            {
                violations.Add(new(number, $"'{type.Identifier.Text}' declares a delegate type; use Func<>/Action<>"));
            }
            foreach (var name in TopLevelNames(root))
            {
                if (declared.TryGetValue(name, out var first))
                {
                    violations.Add(new(number, $"'{name}' is already declared in cell {first}; give it a new name (each name once per lesson)"));
                }
                else
                {
                    declared[name] = number;
                }
            }
            foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.Expression is IdentifierNameSyntax { Identifier.Text: "display" })
                {
                    violations.Add(new(number, "display(...) only exists in notebooks; use Lab.Show(...)"));
                }
            }
            if (KernelOnly().Match(code) is { Success: true } kernelOnly)
            {
                violations.Add(new(number, $"'{kernelOnly.Value}' only exists in notebooks; keep kernel code in helpers/AsyncLab.Interactive"));
            }
            if (!OptsOutOfVirtualTime(root))
            {
                violations.AddRange(RealClockWaits(root).Select(message => new RuleViolation(number, message, BreaksConversion: false)));
            }
        }
        return violations;
    }

    /// <summary>
    /// Waits in a cell that run on the real clock, which a lab in virtual time cannot follow (its clock only moves
    /// through timers made by <c>lab.Time</c>), each with what to write instead. Syntax only: an argument that looks
    /// like the lab's clock (<c>lab.Time</c>, anything named like a <c>TimeProvider</c>) counts as one.
    /// </summary>
    private static IEnumerable<string> RealClockWaits(CompilationUnitSyntax root)
    {
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
                    when access.Name.Identifier.Text == "Delay" && IsType(access.Expression, "Task") &&
                         !HasClockArgument(call.ArgumentList) && !WaitsForever(call.ArgumentList):
                    yield return "Task.Delay without the lab's clock waits on the real clock, which virtual time cannot follow; " +
                                 "write lab.Delay(...) or Task.Delay(t, lab.Time)";
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments: [var first, ..] } call
                    when access.Name.Identifier.Text == "WaitAsync" && IsDuration(first.Expression) && !HasClockArgument(call.ArgumentList):
                    yield return $"WaitAsync({first}) times out on the real clock, which virtual time cannot follow; " +
                                 "time out with a token instead: new CancellationTokenSource(t, lab.Time), then WaitAsync(token)";
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                    when access.Name.Identifier.Text == "Sleep" && IsType(access.Expression, "Thread"):
                    yield return "Thread.Sleep blocks on the real clock, which virtual time cannot follow; " +
                                 "write lab.Block(...) to show a blocked thread, or await lab.Delay(...)";
                    break;
                case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: [var first, ..] } creation
                    when IsCreationOf(creation, "CancellationTokenSource") && IsDuration(first.Expression) && !HasClockArgument(creation.ArgumentList):
                    yield return "new CancellationTokenSource with a timeout counts it on the real clock, which virtual time cannot follow; " +
                                 "write new CancellationTokenSource(t, lab.Time)";
                    break;
            }
        }
    }

    /// <summary>True when the cell makes a lab with <c>virtualTime: false</c> (or <c>new Lab(false)</c>): it keeps the real clock on purpose.</summary>
    private static bool OptsOutOfVirtualTime(CompilationUnitSyntax root) =>
        root.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>().Any(creation =>
            creation.ArgumentList is { Arguments: var arguments } &&
            arguments.Any(a =>
                a.Expression.IsKind(SyntaxKind.FalseLiteralExpression) &&
                (a.NameColon?.Name.Identifier.Text == "virtualTime" ||
                 a.NameColon is null && arguments.IndexOf(a) == 0 && IsCreationOf(creation, "Lab"))));

    private static bool IsType(ExpressionSyntax expression, string name) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.Text == name,
        MemberAccessExpressionSyntax access => access.Name.Identifier.Text == name,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.Text == name,
        _ => false,
    };

    private static bool IsCreationOf(BaseObjectCreationExpressionSyntax creation, string name) =>
        creation is ObjectCreationExpressionSyntax { Type: var type } && IsType(type, name);

    /// <summary>An argument that is the lab's clock or another <see cref="TimeProvider"/>: <c>lab.Time</c>, <c>timeProvider: x</c>.</summary>
    private static bool HasClockArgument(ArgumentListSyntax? arguments) =>
        arguments?.Arguments.Any(a =>
            a.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Time" } ||
            a.NameColon?.Name.Identifier.Text == "timeProvider" ||
            a.Expression.ToString().Contains("TimeProvider", StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>A first argument of <c>Timeout.Infinite</c>, <c>Timeout.InfiniteTimeSpan</c> or -1: no timer runs, only a token ends the wait.</summary>
    private static bool WaitsForever(ArgumentListSyntax arguments) =>
        arguments.Arguments.FirstOrDefault()?.Expression is { } first &&
        (first is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.ValueText: "1" } } ||
         first is MemberAccessExpressionSyntax { Name.Identifier.Text: "Infinite" or "InfiniteTimeSpan" } infinite && IsType(infinite.Expression, "Timeout"));

    /// <summary>A duration written out: a positive number of milliseconds, <c>TimeSpan.From…(…)</c> or <c>new TimeSpan(…)</c>.</summary>
    private static bool IsDuration(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) =>
            Convert.ToDouble(literal.Token.Value, CultureInfo.InvariantCulture) > 0,
        _ => expression.DescendantNodesAndSelf().Any(node => node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } =>
                access.Name.Identifier.Text.StartsWith("From", StringComparison.Ordinal) && IsType(access.Expression, "TimeSpan"),
            ObjectCreationExpressionSyntax creation => IsType(creation.Type, "TimeSpan"),
            _ => false,
        }),
    };

    /// <summary>Names a cell declares at its top level: variables, local functions, and deconstruction targets.</summary>
    public static IEnumerable<string> TopLevelNames(CompilationUnitSyntax root)
    {
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement))
        {
            switch (statement)
            {
                case LocalDeclarationStatementSyntax local:
                    foreach (var variable in local.Declaration.Variables)
                    {
                        yield return variable.Identifier.Text;
                    }
                    break;
                case LocalFunctionStatementSyntax function:
                    yield return function.Identifier.Text;
                    break;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: DeclarationExpressionSyntax declaration } }:
                    foreach (var designation in declaration.Designation.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
                    {
                        yield return designation.Identifier.Text;
                    }
                    break;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: TupleExpressionSyntax tuple } }:
                    foreach (var designation in tuple.DescendantNodes().OfType<SingleVariableDesignationSyntax>())
                    {
                        yield return designation.Identifier.Text;
                    }
                    break;
            }
        }
    }

    [GeneratedRegex(@"\bKernelInvocationContext\b|\bKernel\.Root\b|\bFormatter\.Register\b")]
    private static partial Regex KernelOnly();
}
