using System.Diagnostics;
using System.Globalization;
using System.Text;
using AsyncLab.Tests.Shared;
using Microsoft.Playwright;

namespace AsyncLab.Benchmarks;

/// <summary>
/// What a chart costs: for 100, 10,000 and 100,000 tasks (recorded in virtual time, so the timeline is the same every
/// run), how long <c>timeline.ToHtml()</c> takes, how big the page is, and how long headless Chromium takes to draw it:
/// from navigation start to the moment the page sets <c>data-asynclab-drawn</c> (Plotly's <c>plotly_afterplot</c>),
/// in a fresh browser for each size, network blocked. Median of the runs. Prints a table and writes the "Charts"
/// section of RESULTS.md; <c>--smoke</c> draws 100 tasks once and writes nothing; <c>--check</c> exits 1 when a chart of
/// up to 10,000 tasks takes 1 s or more to draw (the issue's "interactive and under 1 s").
/// </summary>
internal static class ChartBenchmark
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int InteractiveUpTo = 10_000;
    private static readonly TimeSpan DrawBudget = TimeSpan.FromSeconds(1);

    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static async Task<int> Run(string[] args)
    {
        var options = Options.Parse(args);
        if (!File.Exists(ChromiumPath))
        {
            Console.Error.WriteLine($"error: {ChromiumPath} is missing; install it with `sudo apt-get install chromium` (the draw times need it)");
            return 1;
        }
        var loadAtStart = MachineLoad.Average();
        Console.WriteLine($"Charts{(options.Smoke ? " (smoke)" : "")}: ToHtml build time, page size and headless Chromium draw time, median of {options.Runs} run(s).");
        Console.WriteLine($"Load     {loadAtStart} (1, 5, 15 min) at the start");
        Console.WriteLine();

        var folder = Directory.CreateTempSubdirectory("asynclab-charts-bench-");
        var rows = new List<Row>();
        try
        {
            foreach (var tasks in options.Sizes)
            {
                Console.Error.WriteLine($"  {tasks:N0} tasks ...");
                var timeline = await Jobs(tasks);
                var builds = new List<double>();
                var html = "";
                for (var run = 0; run < options.Runs; run++)
                {
                    var watch = Stopwatch.StartNew();
                    html = timeline.ToHtml();
                    builds.Add(watch.Elapsed.TotalMilliseconds);
                }
                var page = Path.Combine(folder.FullName, $"{tasks}.html");
                await File.WriteAllTextAsync(page, html);
                var draws = await DrawTimes(page, options.Runs);
                rows.Add(new Row(tasks, Median(builds), Encoding.UTF8.GetByteCount(html), Median(draws), draws));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var loadAtEnd = MachineLoad.Average();
        var table = Table(rows);
        Console.WriteLine(table);
        Console.WriteLine($"Load     {loadAtEnd} (1, 5, 15 min) at the end; {loadAtStart} at the start");
        var slow = rows.Where(r => r.Tasks <= InteractiveUpTo && r.DrawMs >= DrawBudget.TotalMilliseconds).ToArray();
        Console.WriteLine(slow.Length == 0
            ? $"Every chart of up to {InteractiveUpTo:N0} tasks draws in under {DrawBudget.TotalSeconds:0} s."
            : $"Over {DrawBudget.TotalSeconds:0} s to draw: {string.Join(", ", slow.Select(r => Invariant($"{r.Tasks:N0} tasks")))}.");
        if (options.Smoke)
        {
            Console.WriteLine("Smoke run: 100 tasks, once; nothing is written.");
        }
        else
        {
            ResultsFile.WriteSection("charts", new StringBuilder()
                .AppendLine("## Charts")
                .AppendLine()
                .AppendLine("Written by `dotnet run -c Release --project tests/AsyncLab.Benchmarks -- charts`. " +
                    "Jobs through a semaphore of 50, recorded in virtual time; build is `timeline.ToHtml()`, and the page carries plotly.js inline (about 3.4 MB of its size); " +
                    "draw is navigation start to `data-asynclab-drawn` (set on `plotly_afterplot`) in Debian's headless Chromium, a fresh browser per size and a fresh tab per run, network blocked.")
                .AppendLine()
                .AppendLine($"Load {loadAtStart} at the start, {loadAtEnd} at the end (1, 5, 15 min); {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.")
                .AppendLine()
                .Append(table)
                .ToString());
            Console.WriteLine("Wrote the \"Charts\" section of tests/AsyncLab.Benchmarks/RESULTS.md.");
        }
        return options.Check && slow.Length > 0 ? 1 : 0;
    }

    /// <summary>The chart's timeline: <paramref name="count"/> jobs through a gate of 50, of seven slightly different lengths.</summary>
    private static Task<Timeline> Jobs(int count) => GatedJobs.Many(count, Invariant($"{count:N0} jobs"));

    /// <summary>Draws the page <paramref name="runs"/> times, each in a fresh tab of one fresh browser; milliseconds each.</summary>
    private static async Task<List<double>> DrawTimes(string page, int runs)
    {
        using var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = LaunchArgs });
        try
        {
            var times = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
                var tab = await context.NewPageAsync();
                // Only the page itself may load: a chart that reached for the network would fail here, not be timed.
                await tab.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
                await tab.GotoAsync(new Uri(page).AbsoluteUri, new() { Timeout = 300_000 });
                var drawn = await tab.WaitForSelectorAsync(".asynclab-plot[data-asynclab-drawn]", new() { Timeout = 300_000 })
                    ?? throw new InvalidOperationException($"{page} never set data-asynclab-drawn");
                // The page writes performance.now() into the attribute: milliseconds since navigation start.
                times.Add(double.Parse((await drawn.GetAttributeAsync("data-asynclab-drawn"))!, CultureInfo.InvariantCulture));
                await context.CloseAsync();
            }
            return times;
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    private static string Table(List<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| tasks | build (ToHtml) | HTML size | draw (median) | draw runs |");
        text.AppendLine("| ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            text.AppendLine(Invariant($"| {row.Tasks:N0} | {row.BuildMs:0} ms | {row.HtmlBytes / 1024.0 / 1024.0:0.00} MB | {row.DrawMs:0} ms | {string.Join(", ", row.Draws.Select(d => Invariant($"{d:0}")))} ms |"));
        }
        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(int Tasks, double BuildMs, int HtmlBytes, double DrawMs, IReadOnlyList<double> Draws);

    /// <summary>The command line of <c>charts</c>.</summary>
    private sealed record Options(bool Smoke, bool Check, int Runs)
    {
        public int[] Sizes => Smoke ? [100] : [100, 10_000, 100_000];

        public static Options Parse(string[] args)
        {
            var smoke = args.Contains("--smoke");
            var options = new Options(smoke, args.Contains("--check"), smoke ? 1 : 3);
            foreach (var arg in args.Where(a => a is not "--smoke" and not "--check"))
            {
                options = arg.StartsWith("--runs=", StringComparison.Ordinal)
                    && int.TryParse(arg["--runs=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? options with { Runs = n }
                    : throw new ArgumentException($"unknown option '{arg}' for charts; use --smoke, --check or --runs=N (N a whole number above 0)");
            }
            return options;
        }
    }
}
