using AsyncLab.Runner.Execution;
using AsyncLab.Runner.Export;
using Microsoft.Playwright;

namespace AsyncLab.Runner.Tests;

/// <summary>
/// The exported site in headless Chromium with the network blocked: no console errors, every chart output drawn,
/// lesson 01's fan-out chart with 5 task rows, and the static pictures visible when scripts are off.
/// </summary>
public sealed class SiteTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly Lazy<Task<string>> SiteFolder = new(BuildSite);

    private static async Task<string> BuildSite()
    {
        var pages = new List<Site.Page>();
        foreach (var lesson in Repo.Lessons())
        {
            var run = await LessonRuns.Get(lesson);
            var document = NotebookFile.Load(run.Path);
            pages.Add(new Site.Page(run.Name, Site.TitleOf(document, run.Name), document, run));
        }
        var folder = Repo.TempFolder("site");
        Site.Write(folder, pages);
        return folder;
    }

    public static TheoryData<string> Lessons() => [.. Repo.Lessons().Select(l => Path.GetFileNameWithoutExtension(l))];

    /// <summary>
    /// Starts headless Chromium. The returned turn keeps real-time jobs (kernel runs, generated apps) from competing
    /// with the browser for the two cores; dispose it with the browser.
    /// </summary>
    private static async Task<(IPlaywright, IBrowser)> Launch()
    {
        Assert.True(File.Exists(Chromium), $"no browser: {Chromium} is missing (apt-get install chromium; .ci/run installs it)");
        await SiteFolder.Value;
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    private static async Task<IPage> Open(IBrowserContext context, string file, List<string> problems)
    {
        await context.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal)
            ? route.ContinueAsync()
            : Blocked(route, problems));
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => problems.Add("request failed: " + request.Url);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        return page;
    }

    private static Task Blocked(IRoute route, List<string> problems)
    {
        problems.Add("network request: " + route.Request.Url);
        return route.AbortAsync();
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public async Task LessonPage_OpenedOffline_DrawsEveryChartWithoutErrors(string lesson)
    {
        var (playwright, browser) = await Launch();
        using var _ = playwright;
        await using var __ = browser;
        using var turn = await Turn.TakeAsync();
        var folder = await SiteFolder.Value;
        var problems = new List<string>();
        var context = await browser.NewContextAsync();
        var page = await Open(context, Path.Combine(folder, lesson + ".html"), problems);

        var charts = await page.Locator(".asynclab-plot").CountAsync();
        Assert.True(charts >= 1, "the page has no chart outputs");
        await page.WaitForFunctionAsync($"document.querySelectorAll('.asynclab-plot.js-plotly-plot[data-asynclab-drawn]').length >= {charts}", null, new() { Timeout = 60_000 });

        // Lesson 06 also draws one timeline with XPlot.Plotly (timeline.InXPlot()): its div is XPlot's, named by AsyncLab.XPlot.
        var xplotCharts = await page.Locator("[id^='asynclab-xplot-']").CountAsync();
        Assert.Equal(lesson.StartsWith("06-", StringComparison.Ordinal) ? 1 : 0, xplotCharts);
        await page.WaitForFunctionAsync($"document.querySelectorAll('[id^=\"asynclab-xplot-\"].js-plotly-plot').length >= {xplotCharts}", null, new() { Timeout = 60_000 });

        Assert.Equal(charts + xplotCharts, await page.Locator(".js-plotly-plot").CountAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task FanOutPage_TaskWhenAllChart_HasFiveTaskRows()
    {
        var (playwright, browser) = await Launch();
        using var _ = playwright;
        await using var __ = browser;
        using var turn = await Turn.TakeAsync();
        var lesson = Repo.Lessons().Select(Path.GetFileNameWithoutExtension).Single(n => n!.StartsWith("01-", StringComparison.Ordinal));
        var folder = await SiteFolder.Value;
        var page = await Open(await browser.NewContextAsync(), Path.Combine(folder, lesson + ".html"), []);
        var fanOut = page.Locator(".asynclab-timeline", new() { HasText = "Task.WhenAll" }).First;
        var plot = fanOut.Locator(".asynclab-plot").First;
        await plot.Locator(".main-svg").First.WaitForAsync(new() { Timeout = 60_000 });

        // The task panel is the y axis; its tick labels are the task rows ("fetch 0" … "fetch 4").
        var rows = await plot.EvaluateAsync<string[]>("gd => Array.from(gd.querySelectorAll('g.ytick text')).map(t => t.textContent)");

        Assert.Equal(5, rows.Length);
        Assert.All(rows, row => Assert.StartsWith("fetch", row));
    }

    [Fact]
    public async Task Site_ScriptsDisabled_ShowsTheStaticPictures()
    {
        var (playwright, browser) = await Launch();
        using var _ = playwright;
        await using var __ = browser;
        using var turn = await Turn.TakeAsync();
        var folder = await SiteFolder.Value;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        foreach (var lesson in Repo.Lessons().Select(Path.GetFileNameWithoutExtension))
        {
            var page = await Open(context, Path.Combine(folder, lesson + ".html"), []);
            var pictures = page.Locator(".asynclab-static svg");
            var count = await pictures.CountAsync();

            Assert.True(count >= 1, $"{lesson}: no static pictures");
            Assert.Equal(await page.Locator(".asynclab-plot").CountAsync(), count);
            for (var i = 0; i < count; i++)
            {
                Assert.True(await pictures.Nth(i).IsVisibleAsync(), $"{lesson}: picture {i + 1} is hidden");
            }
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Index_OpenedOffline_LinksEveryLesson()
    {
        var (playwright, browser) = await Launch();
        using var _ = playwright;
        await using var __ = browser;
        using var turn = await Turn.TakeAsync();
        var folder = await SiteFolder.Value;
        var problems = new List<string>();
        var page = await Open(await browser.NewContextAsync(), Path.Combine(folder, "index.html"), problems);

        var links = await page.Locator("ol.lessons a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");

        Assert.Equal(Repo.Lessons().Select(l => Path.GetFileNameWithoutExtension(l) + ".html"), links);
        Assert.Empty(problems);
    }
}
