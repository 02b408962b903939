using System.Diagnostics;
using AsyncLab.Tests.Shared;
using Microsoft.Playwright;

namespace AsyncLab.Charts.Tests;

/// <summary>
/// Opens chart pages in Debian's headless Chromium with the network blocked. Skipped (with the reason) when
/// /usr/bin/chromium is missing; .ci/run installs it, so CI always runs these.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ChromiumDrawTests(ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    [Fact]
    public async Task ToHtml_TenThousandTasks_DrawsWithinOneAndAHalfTimesOfOneHundred()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        var clock = Stopwatch.StartNew();
        try
        {
            var small = (await ChartTimelines.Many(100)).SaveHtml(Path.Combine(folder.FullName, "small.html"));
            var large = (await ChartTimelines.Many(10_000)).SaveHtml(Path.Combine(folder.FullName, "large.html"));
            var written = clock.Elapsed;
            await using var browser = await Launch();

            // Warm up once, then alternate the two pages so both see the same machine state.
            await DrawTime(browser, small);
            var smallTimes = new List<double>();
            var largeTimes = new List<double>();
            for (var run = 0; run < 3; run++)
            {
                smallTimes.Add(await DrawTime(browser, small));
                largeTimes.Add(await DrawTime(browser, large));
            }

            var smallMedian = Median(smallTimes);
            var largeMedian = Median(largeTimes);
            var ratio = largeMedian / smallMedian;
            var report = $"page load to plotly_afterplot, median of 3: 100 tasks {smallMedian:0} ms, 10,000 tasks {largeMedian:0} ms, ratio {ratio:0.00} (runs: [{string.Join(", ", smallTimes.Select(t => t.ToString("0")))}] vs [{string.Join(", ", largeTimes.Select(t => t.ToString("0")))}]; pages written in {written.TotalSeconds:0.0} s, test took {clock.Elapsed.TotalSeconds:0.0} s)";
            output.WriteLine(report);
            Console.WriteLine(report);
            TestContext.Current.SendDiagnosticMessage(report);
            Assert.True(ratio <= 1.5, report);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ToHtml_FanOutOffline_DrawsFiveRowsWithoutConsoleErrors()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var page = (await ChartTimelines.FanOut(5, scriptAt: 4)).SaveHtml(Path.Combine(folder.FullName, "fan-out.html"));
            await using var browser = await Launch();
            var tab = await OpenOffline(browser);
            var errors = new List<string>();
            var dialogs = 0;
            tab.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            tab.PageError += (_, error) => errors.Add(error);
            tab.Dialog += (_, dialog) =>
            {
                dialogs++;
                _ = dialog.DismissAsync();
            };

            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            await tab.WaitForSelectorAsync(".asynclab-plot[data-asynclab-drawn]");

            var rows = await tab.EvaluateAsync<int>("() => document.querySelector('.asynclab-plot')._fullLayout.yaxis._categories.length");
            var labels = await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-plot .ytick text')).map(t => t.textContent)");
            var staticShown = await tab.EvaluateAsync<string>("() => document.querySelector('.asynclab-static').style.display");
            Assert.Equal(5, rows);
            Assert.Contains(ChartTimelines.ScriptName, labels);
            Assert.Equal("none", staticShown);
            Assert.Empty(errors);
            Assert.Equal(0, dialogs);
            await tab.Context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ToHtml_SemaphoreAndChannel_DrawsOnePanelPerResourceWithoutConsoleErrors()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var page = (await ChartTimelines.GateAndDroppingQueue()).SaveHtml(Path.Combine(folder.FullName, "panels.html"));
            await using var browser = await Launch();
            var errors = new List<string>();
            var tab = await OpenOffline(browser, errors);

            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            await tab.WaitForSelectorAsync(".asynclab-plot[data-asynclab-drawn]");

            var titles = await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-plot .annotation-text')).map(t => t.textContent)");
            Assert.Equal(["gate · semaphore, 2 slots", "results · channel, capacity 1"], titles);
            // Each panel is its own subplot on the shared time axis, drawn below the one before it.
            var panelTops = await tab.EvaluateAsync<double[]>("() => ['yaxis2', 'yaxis4', 'yaxis5'].map(a => document.querySelector('.asynclab-plot')._fullLayout[a]._offset)");
            Assert.True(panelTops[0] < panelTops[1] && panelTops[1] < panelTops[2], $"panel tops {string.Join(", ", panelTops)}");
            var linesPerPanel = await tab.EvaluateAsync<int[]>("() => ['xy4', 'xy5'].map(p => document.querySelectorAll('.asynclab-plot .subplot.' + p + ' .scatterlayer .trace').length)");
            Assert.Equal([3, 3], linesPerPanel);
            Assert.Empty(errors);
            await tab.Context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Replay_MovingTheSliderAndPlaying_MovesTheCursorAndUpdatesStatesPanelsAndTheLine()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var page = (await ChartTimelines.GateAndDroppingQueue()).Replay().SaveHtml(Path.Combine(folder.FullName, "replay.html"));
            await using var browser = await Launch();
            var errors = new List<string>();
            var tab = await OpenOffline(browser, errors);

            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            await tab.WaitForSelectorAsync(".asynclab-replay-controls[style*='flex']");

            // At 0 s: jobs 0 and 1 hold the gate, jobs 2 and 3 wait for it.
            Assert.Equal(
                ["■ in progress", "■ in progress", "■ waiting for gate (2 slots)", "■ waiting for gate (2 slots)"],
                await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-replay-state')).map(s => s.textContent)"));
            var cursorAtZero = await CursorLeft(tab);

            // Move the slider to 1.5 s, as a learner dragging it would.
            await tab.EvalOnSelectorAsync(".asynclab-replay-slider", "s => { s.value = '1.5'; s.dispatchEvent(new Event('input', { bubbles: true })); }");

            Assert.Equal("1.500", await tab.GetAttributeAsync(".asynclab-replay", "data-asynclab-time"));
            Assert.Equal(
                ["■ ended", "■ ended", "■ in progress", "■ in progress"],
                await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-replay-state')).map(s => s.textContent)"));
            Assert.Equal(
                "1.00 s: job 0 and job 1 release gate; job 0 and job 1 end; job 2 and job 3 take a slot of gate; job 2 and job 3 start work; results drops an item",
                await tab.TextContentAsync(".asynclab-replay-now"));
            Assert.Equal(
                ["in progress 2", "slots in use 2 · tasks waiting 0", "items 1 · items dropped (total) 1"],
                await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-replay-value')).map(s => s.textContent)"));
            Assert.Equal("1.50 s · 2 in progress · 0 waiting · 2 of 4 ended", await tab.TextContentAsync(".asynclab-replay-status"));
            var cursorAtOneAndAHalf = await CursorLeft(tab);
            Assert.True(cursorAtOneAndAHalf > cursorAtZero + 100, $"cursor at {cursorAtZero} px, then {cursorAtOneAndAHalf} px");

            // Play from 0 at 4× (the 2 s run in 0.5 s of wall time): time moves on and the button offers pause.
            await tab.EvalOnSelectorAsync(".asynclab-replay-slider", "s => { s.value = '0'; s.dispatchEvent(new Event('input', { bubbles: true })); }");
            await tab.SelectOptionAsync(".asynclab-replay-speed", "4");
            await tab.ClickAsync(".asynclab-replay-play");
            Assert.Equal("❚❚ pause", await tab.TextContentAsync(".asynclab-replay-play"));
            await tab.WaitForFunctionAsync("() => Number(document.querySelector('.asynclab-replay').getAttribute('data-asynclab-time')) > 0.2");
            // It stops by itself at the end of the run.
            await tab.WaitForFunctionAsync("() => !document.querySelector('.asynclab-replay').hasAttribute('data-asynclab-playing')", null, new() { Timeout = 30_000 });
            Assert.Equal("2.000", await tab.GetAttributeAsync(".asynclab-replay", "data-asynclab-time"));
            Assert.Equal("▶ play", await tab.TextContentAsync(".asynclab-replay-play"));
            Assert.Empty(errors);
            await tab.Context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Replay_ScriptsDisabled_ShowsTheStaticPictureAndTheMomentsNotTheControls()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var page = (await ChartTimelines.GateAndDroppingQueue()).Replay().SaveHtml(Path.Combine(folder.FullName, "replay.html"));
            await using var browser = await Launch();
            var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
            var tab = await context.NewPageAsync();
            await tab.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());

            await tab.GotoAsync(new Uri(page).AbsoluteUri);

            Assert.True(await tab.Locator(".asynclab-static svg").IsVisibleAsync());
            Assert.False(await tab.Locator(".asynclab-replay-controls").IsVisibleAsync());
            Assert.Equal(3, await tab.Locator(".asynclab-replay-moments li").CountAsync());
            await context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ToHtmlFragment_ScriptsDisabled_ShowsTheStaticPicture()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var page = (await ChartTimelines.ProducerConsumer()).SaveHtml(Path.Combine(folder.FullName, "queue.html"));
            await using var browser = await Launch();
            var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
            var tab = await context.NewPageAsync();
            await tab.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());

            await tab.GotoAsync(new Uri(page).AbsoluteUri);

            var box = await tab.Locator(".asynclab-static svg").BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height > 100, $"static picture is {box.Height} px tall");
            await context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ToHtmlFragment_PageWithRequireJsAndPlotlyArrivingLater_DrawsEveryChartWithoutAmd()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var first = (await ChartTimelines.FanOut(3)).ToHtmlFragment(includePlotlyJs: false);
            var second = (await ChartTimelines.ProducerConsumer()).ToHtmlFragment(includePlotlyJs: true);
            var third = (await ChartTimelines.FanOut(2)).ToHtmlFragment(includePlotlyJs: true);
            // A stand-in for require.js as classic Jupyter loads it: an AMD define and a global require.
            const string requireJs = "<script>window.amdCalls=0;window.define=function(){window.amdCalls++;};window.define.amd={};window.require=function(){};</script>";
            var path = Path.Combine(folder.FullName, "outputs.html");
            File.WriteAllText(path, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{requireJs}</head><body>{first}{second}{third}</body></html>");
            await using var browser = await Launch();
            var tab = await OpenOffline(browser);

            await tab.GotoAsync(new Uri(path).AbsoluteUri);
            await tab.WaitForFunctionAsync("() => document.querySelectorAll('.asynclab-plot[data-asynclab-drawn]').length === 3", null, new() { Timeout = 60_000 });

            Assert.Equal(0, await tab.EvaluateAsync<int>("() => window.amdCalls"));
            Assert.Equal("2.28.0", await tab.EvaluateAsync<string>("() => window.Plotly.version"));
            await tab.Context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PredictionToHtml_MakespanAndPeakGuesses_DrawTheDashedLineAtTheGuessedTimeAndTheMarkerAtTheGuessedPeak()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            // Four 1 s jobs through a gate of 2: the run takes 2 s with 2 in progress from 0 s. The guesses are off on purpose.
            var check = (await ChartTimelines.GateAndDroppingQueue()).Check(new Prediction { Makespan = 2.5, PeakConcurrency = 3 });
            var page = Path.Combine(folder.FullName, "prediction.html");
            File.WriteAllText(page, check.ToHtml());
            await using var browser = await Launch();
            var errors = new List<string>();
            var tab = await OpenOffline(browser, errors);

            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            await tab.WaitForSelectorAsync(".asynclab-plot[data-asynclab-drawn]");

            // The dashed line: the layout shape plotly.js drew, and the pixel it sits on against the time axis's own scale.
            var line = await tab.EvaluateAsync<double[]>("""
                () => {
                  const gd = document.querySelector('.asynclab-plot');
                  const index = gd._fullLayout.shapes.findIndex(s => s.line.color === '#CC79A7');
                  const shape = gd._fullLayout.shapes[index];
                  const drawn = Array.from(document.querySelectorAll('.asynclab-plot .shapelayer path')).find(p => p.style.stroke === 'rgb(204, 121, 167)');
                  const x = parseFloat(drawn.getAttribute('d').slice(1));
                  const xa = gd._fullLayout.xaxis;
                  return [shape.x0, shape.x1, shape.line.dash === 'dash' ? 1 : 0, x, xa._offset + xa.l2p(2.5)];
                }
                """);
            Assert.Equal([2.5, 2.5, 1], line[..3]);
            Assert.Equal(line[4], line[3]);
            Assert.Contains("your guess 2.50 s", await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-plot .annotation-text')).map(t => t.textContent)"));

            // The peak marker: at 3 on the concurrency panel's scale, at 0 s where the real peak (2) first happened.
            var marker = await tab.EvaluateAsync<double[]>("""
                () => {
                  const gd = document.querySelector('.asynclab-plot');
                  const index = gd._fullData.findIndex(t => t.name === 'your guess: peak 3');
                  const trace = gd._fullData[index];
                  const group = Array.from(document.querySelectorAll('.asynclab-plot .scatterlayer .trace')).find(g => g.__data__ && g.__data__[0].trace.index === index);
                  const point = group.querySelector('.points path');
                  const [, px, py] = /translate\(([-\d.]+),\s*([-\d.]+)\)/.exec(point.getAttribute('transform')).map(Number);
                  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout[trace.yaxis === 'y2' ? 'yaxis2' : 'yaxis'];
                  return [trace.x[0], trace.y[0], trace.yaxis === 'y2' ? 2 : 0, px, xa.l2p(0), py, ya.l2p(3), ya.l2p(2)];
                }
                """);
            Assert.Equal([0, 3, 2], marker[..3]);
            Assert.Equal(marker[4], marker[3]);
            Assert.Equal(marker[6], marker[5]);
            Assert.True(marker[6] < marker[7], $"the guessed peak 3 is drawn at {marker[6]} px, above the real peak 2 at {marker[7]} px");
            Assert.Empty(errors);
            await tab.Context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ToHtml_ItemsOfOneRow_WritesTheLabelsThatFitHidesTheRestAndEdgesEveryBar()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            // One consumer handles three items back to back: 2 s, 0.05 s (too narrow for its label), 2 s.
            var lab = new Lab(virtualTime: true);
            var timeline = await lab.Run(async () =>
            {
                using var job = lab.Track("consumer");
                await job.Run(() => lab.Delay(2), "handle item 0");
                await job.Run(() => lab.Delay(0.05), "handle item 1");
                await job.Run(() => lab.Delay(2), "handle item 2");
            });
            var page = timeline.SaveHtml(Path.Combine(folder.FullName, "items.html"));
            await using var browser = await Launch();
            var tab = await OpenOffline(browser);

            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            await tab.WaitForSelectorAsync(".asynclab-plot[data-asynclab-drawn]");

            // plotly.js writes a label inside a bar only when it fits at the minimum size (uniformtext hide); the
            // 0.05 s item is drawn with its label hidden (display: none), and its hover still names it.
            var shown = await tab.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('.asynclab-plot .barlayer .bartext')).filter(t => getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0).map(t => t.textContent)");
            Assert.Equal(["handle item 0", "handle item 2"], shown);
            Assert.Equal(3, await tab.Locator(".asynclab-plot .barlayer .bartext").CountAsync());
            var edges = await tab.EvaluateAsync<string[]>("() => Array.from(new Set(Array.from(document.querySelectorAll('.asynclab-plot .barlayer .point path')).map(p => p.style.stroke + ' ' + p.style.strokeWidth)))");
            Assert.Equal(["rgb(255, 255, 255) 1px"], edges);
            await tab.Context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task EveryChartKind_ScriptsDisabled_ShowsAStaticPictureForEveryPlot()
    {
        RequireChromium();
        var folder = Directory.CreateTempSubdirectory("asynclab-draw-");
        try
        {
            var panels = await ChartTimelines.GateAndDroppingQueue();
            var sweep = await Sweep.Run([1, 2, 4], async (lab, slots) => (await GatedJobs.Run(lab, jobs: 4, slots)).Timeline, parameter: "slots");
            var kinds = new (string Name, string Fragment, int Plots)[]
            {
                ("timeline", (await ChartTimelines.ProducerConsumer()).ToHtmlFragment(includePlotlyJs: false), 1),
                ("resource panels", panels.ToHtmlFragment(includePlotlyJs: false), 1),
                ("prediction", panels.Check(new Prediction { Makespan = 2.5, PeakConcurrency = 3 }).ToHtmlFragment(includePlotlyJs: false), 1),
                ("sweep", sweep.ToHtmlFragment(includePlotlyJs: false), 1),
                ("comparison", sweep.Compare(1, 2).ToHtmlFragment(includePlotlyJs: false), 2),
                ("replay", panels.Replay().ToHtmlFragment(includePlotlyJs: false), 1),
            };
            await using var browser = await Launch();
            var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
            var tab = await context.NewPageAsync();
            await tab.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());

            var found = new List<string>();
            foreach (var (name, fragment, plots) in kinds)
            {
                var page = Path.Combine(folder.FullName, $"{name.Replace(' ', '-')}.html");
                File.WriteAllText(page, HtmlFragment.Page(name, fragment));
                await tab.GotoAsync(new Uri(page).AbsoluteUri);

                var plotCount = await tab.Locator(".asynclab-plot").CountAsync();
                var pictures = tab.Locator(".asynclab-static > svg");
                var shown = 0;
                for (var i = 0; i < await pictures.CountAsync(); i++)
                {
                    var box = await pictures.Nth(i).BoundingBoxAsync();
                    shown += box is { Height: > 100, Width: > 300 } && await pictures.Nth(i).IsVisibleAsync() ? 1 : 0;
                }
                found.Add($"{name}: {plotCount} plots, {shown} pictures shown");
            }

            Assert.Equal(kinds.Select(k => $"{k.Name}: {k.Plots} plots, {k.Plots} pictures shown"), found);
            await context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Where the replay's cursor is, in pixels from the left of the chart.</summary>
    private static Task<double> CursorLeft(IPage tab) =>
        tab.EvaluateAsync<double>("() => parseFloat(document.querySelector('.asynclab-replay-cursor').style.left)");

    private static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) to run the browser tests.");
        }
    }

    private static async Task<AsyncBrowser> Launch()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = LaunchArgs });
        return new AsyncBrowser(playwright, browser);
    }

    /// <summary>A fresh tab that may load only local files; console errors and page errors go to <paramref name="errors"/>.</summary>
    private static async Task<IPage> OpenOffline(AsyncBrowser browser, List<string>? errors = null)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var tab = await context.NewPageAsync();
        if (errors is not null)
        {
            tab.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            tab.PageError += (_, error) => errors.Add(error);
        }
        await tab.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        return tab;
    }

    /// <summary>Milliseconds from navigation start to the first plotly_afterplot, as the page's own clock reads it.</summary>
    private static async Task<double> DrawTime(AsyncBrowser browser, string path)
    {
        var tab = await OpenOffline(browser);
        await tab.GotoAsync(new Uri(path).AbsoluteUri);
        var drawn = await tab.WaitForSelectorAsync(".asynclab-plot[data-asynclab-drawn]", new() { Timeout = 60_000 });
        var milliseconds = double.Parse((await drawn!.GetAttributeAsync("data-asynclab-drawn"))!, System.Globalization.CultureInfo.InvariantCulture);
        await tab.Context.CloseAsync();
        return milliseconds;
    }

    private static double Median(List<double> values)
    {
        Debug.Assert(values.Count > 0);
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed class AsyncBrowser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
