using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;

namespace AsyncLab.Runner.Export;

/// <summary>
/// Turns a lesson notebook into a C# file-based app (<c>dotnet run app.cs</c>): the setup cells become
/// <c>#:project</c> lines for AsyncLab and AsyncLab.Charts (and AsyncLab.RateLimiting for a lesson whose code
/// names System.Threading.RateLimiting, AsyncLab.Server for one that starts a page server, and <c>#:package Polly.Core@version</c>, the version the repository pins,
/// for one that names Polly) and a first line that installs the console chart host, markdown
/// becomes comments, code cells follow in order and a cell's trailing bare expression becomes <c>Lab.Show(expr);</c>,
/// which prints the summary line and saves the chart as an HTML file.
/// </summary>
public static partial class FileBasedApp
{
    /// <summary>
    /// The app's source for <paramref name="document"/>, to be saved at <paramref name="appPath"/> (used to make the
    /// <c>#:project</c> paths relative). <paramref name="helpersFolder"/> is the repository's helpers/ folder, which holds
    /// AsyncLab/AsyncLab.csproj and AsyncLab.Charts/AsyncLab.Charts.csproj.
    /// </summary>
    /// <exception cref="LessonRuleException">The notebook breaks a lesson-writing rule; the message names the cell.</exception>
    public static string Convert(InteractiveDocument document, string notebookName, string appPath, string helpersFolder)
    {
        var violations = LessonRules.Check(document).Where(v => v.BreaksConversion).ToArray();
        if (violations.Length > 0)
        {
            throw new LessonRuleException(notebookName, violations);
        }
        var appFolder = Path.GetDirectoryName(Path.GetFullPath(appPath))!;
        string Project(string name) =>
            Path.GetRelativePath(appFolder, Path.GetFullPath(Path.Combine(helpersFolder, name, name + ".csproj"))).Replace('\\', '/');
        var usings = new SortedSet<string>(StringComparer.Ordinal) { "using AsyncLab;" };
        var body = new StringBuilder();
        var usesRateLimiting = false;
        var usesServer = false;
        var usesPolly = false;
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var cell = document.Elements[i];
            var code = (cell.Contents ?? "").Replace("\r\n", "\n").TrimEnd();
            if (cell.KernelName is "markdown" or "md")
            {
                body.Append('\n');
                foreach (var line in code.Split('\n'))
                {
                    body.Append(line.Length == 0 ? "//" : "// " + line).Append('\n');
                }
                continue;
            }
            if (LessonRules.IsSetupCell(code) || code.Length == 0)
            {
                continue;
            }
            // Rate limiters come from AsyncLab.RateLimiting (lab.TokenBucket and friends), which the kernel loads with
            // the integration; the app references it only when the lesson's code names System.Threading.RateLimiting.
            usesRateLimiting |= code.Contains("System.Threading.RateLimiting", StringComparison.Ordinal);
            // The same for the page server (AsyncLab.Server, which brings the ASP.NET Core framework with it) and Polly v8.
            usesServer |= code.Contains("PageServer", StringComparison.Ordinal);
            usesPolly |= PollyName().IsMatch(code);
            var root = LessonRules.Parse(code);
            foreach (var directive in root.Usings)
            {
                usings.Add(directive.ToString().Trim());
            }
            body.Append($"\n// ── cell {i + 1} ──\n");
            body.Append(Statements(root, code)).Append('\n');
        }
        var header = new StringBuilder()
            .Append($"// {notebookName}: generated from the notebook by AsyncLab.Runner. Edit the notebook, not this file.\n")
            .Append($"// Run: dotnet run {Path.GetFileName(appPath)}   (charts go to $ASYNCLAB_CHARTS, default ./charts)\n")
            .Append($"#:project {Project("AsyncLab")}\n")
            .Append($"#:project {Project("AsyncLab.Charts")}\n")
            .Append(usesRateLimiting ? $"#:project {Project("AsyncLab.RateLimiting")}\n" : "")
            .Append(usesServer ? $"#:project {Project("AsyncLab.Server")}\n" : "")
            // The app names the version the repository pins (Directory.Packages.props) and manages its packages itself,
            // so it builds the same wherever it is saved: inside the checkout or in a folder of the student's own.
            .Append(usesPolly ? $"#:package Polly.Core@{PollyVersion()}\n#:property ManagePackageVersionsCentrally=false\n" : "")
            .Append("#:property TreatWarningsAsErrors=false\n")
            .Append("#:property Nullable=enable\n")
            // File-based apps switch event sources off by default; virtual time watches the thread pool through one.
            .Append("#:property EventSourceSupport=true\n")
            .Append('\n');
        foreach (var directive in usings)
        {
            header.Append(directive).Append('\n');
        }
        // Where the notebook draws a chart, the app prints the summary line and saves the chart as an HTML file.
        header.Append("\nLabHost.Install(new AsyncLab.Charts.ConsoleChartHost());\n");
        return header.Append(body).ToString();
    }

    private static string Statements(CompilationUnitSyntax root, string code)
    {
        var start = root.Usings.Count > 0 ? root.Usings.Last().FullSpan.End : 0;
        if (LessonRules.TrailingExpression(root) is not { } trailing)
        {
            return root.ToFullString()[start..].Trim('\n');
        }
        var expression = trailing.Expression;
        var before = root.ToFullString()[start..expression.SpanStart];
        return (before + $"Lab.Show({expression});").Trim('\n');
    }

    /// <summary>The version of Polly.Core the repository pins, built into the runner from Directory.Packages.props.</summary>
    private static string PollyVersion() =>
        typeof(FileBasedApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "PollyCoreVersion" && !string.IsNullOrEmpty(a.Value))?.Value
        ?? throw new InvalidOperationException(
            "The runner was built without the Polly.Core version: Directory.Packages.props must pin it (<PackageVersion Include=\"Polly.Core\" Version=\"...\" />).");

    [GeneratedRegex(@"\bPolly\b")]
    private static partial Regex PollyName();
}
