using AsyncLab.Charts;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace AsyncLab.Interactive.Tests;

/// <summary>
/// Attach() inside an in-process C# kernel: the formatters, the display route of Lab.Show and the stop button.
/// These share process-wide state (formatters, the installed LabHost), so they run one at a time.
/// </summary>
[Collection(nameof(InProcessKernelCollection))]
public sealed class AttachTests
{
    private static CompositeKernel NewKernel()
    {
        Notebook.Attach();
        var csharp = new CSharpKernel();
        return new CompositeKernel { csharp };
    }

    private static async Task<KernelCommandResult> SubmitAsync(Kernel kernel, string code)
    {
        var result = await kernel.SendAsync(new SubmitCode(code), TestContext.Current.CancellationToken);
        var failure = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failure is null, failure?.Message);
        return result;
    }

    private static string References =>
        $"#r \"{typeof(Lab).Assembly.Location}\"\n#r \"{typeof(Notebook).Assembly.Location}\"\n";

    [Fact]
    public void Attach_CalledTwice_KeepsOneRegistrationAndTheSameHost()
    {
        Notebook.Attach();
        var host = LabHost.Current;

        Notebook.Attach();

        Assert.True(Notebook.IsAttached);
        Assert.Same(host, LabHost.Current);
        Assert.NotSame(LabHost.Default, host);
    }

    [Fact]
    public async Task TimelineAsLastValue_AfterAttach_FormatsAsChartAndSummary()
    {
        using var kernel = NewKernel();

        var result = await SubmitAsync(kernel, References + """
            var lab = new AsyncLab.Lab(virtualTime: true);
            await lab.Run(async () => { using var job = lab.Track("one"); using (job.Begin()) { await lab.Delay(1); } })
            """);

        var value = Assert.Single(result.Events.OfType<ReturnValueProduced>());
        var html = value.FormattedValues.Single(v => v.MimeType == HtmlFormatter.MimeType).Value;
        Assert.Contains("asynclab-timeline", html);
        Assert.Contains("<svg", html);
        Assert.Contains("1 task", html);
        Assert.Equal(((Timeline)value.Value!).Summary, ((Timeline)value.Value!).ToDisplayString(PlainTextFormatter.MimeType));
    }

    [Fact]
    public async Task LabShow_InsideACell_DisplaysThroughTheKernelWithHtmlAndText()
    {
        using var kernel = NewKernel();

        var result = await SubmitAsync(kernel, References + """
            var lab = new AsyncLab.Lab(virtualTime: true);
            var shown = await lab.Run(async () => { using var job = lab.Track("one"); using (job.Begin()) { await lab.Delay(1); } });
            AsyncLab.Lab.Show(shown);
            AsyncLab.Lab.Show("plain words");
            """);

        var displayed = result.Events.OfType<DisplayedValueProduced>().ToList();
        Assert.Equal(2, displayed.Count);
        var mimeTypes = displayed[0].FormattedValues.Select(v => v.MimeType).ToList();
        Assert.Equal([HtmlFormatter.MimeType, PlainTextFormatter.MimeType], mimeTypes);
        Assert.StartsWith("1 task", displayed[0].FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value);
        Assert.Contains(displayed[1].FormattedValues, v => v.Value.Contains("plain words"));
    }

    [Theory]
    [InlineData("XPlot.Plotly")]
    [InlineData("AsyncLab.XPlot")]
    public void ReferencedAssemblies_Integration_NameNoXPlotAssembly(string name)
    {
        // An assembly the code never names is not referenced, so Attach cannot load it; the kernel test shows it stays unloaded.
        Assert.DoesNotContain(typeof(Notebook).Assembly.GetReferencedAssemblies(), reference => reference.Name == name);
    }

    [Fact]
    public void ReferencedAssemblies_Integration_NamesTheRateLimitingLayer()
    {
        // The kernel compiles a cell against the assemblies the #r'ed integration names: this one makes lab.TokenBucket visible.
        Assert.Contains(typeof(Notebook).Assembly.GetReferencedAssemblies(), reference => reference.Name == "AsyncLab.RateLimiting");
    }

    [Theory]
    [InlineData("AsyncLab.Server")]
    [InlineData("Polly.Core")]
    public void ReferencedAssemblies_Integration_NamesTheServerLayerAndPolly(string name)
    {
        // Lesson 09's cells call lab.StartPageServer and build Polly pipelines with only the integration #r'ed.
        Assert.Contains(typeof(Notebook).Assembly.GetReferencedAssemblies(), reference => reference.Name == name);
    }

    [Fact]
    public async Task PageServerAndPolly_CellWithOnlyTheIntegrationReferenced_FetchAPageThroughARetryPipeline()
    {
        using var kernel = NewKernel();

        var result = await SubmitAsync(kernel, $"#r \"{typeof(Notebook).Assembly.Location}\"\n" + """
            using AsyncLab;
            using System.Net.Http;
            using Polly;
            using Polly.Retry;
            var lab = new Lab(virtualTime: false);
            var answer = "";
            // A script cell cannot hold a using declaration at its top level: the server lives in a using block.
            await using (var server = await lab.StartPageServer(limit: 1, latency: TimeSpan.FromMilliseconds(10), failureRate: 1))
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress };
                var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                    .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                    {
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.IsSuccessStatusCode == false),
                        MaxRetryAttempts = 2,
                        Delay = TimeSpan.FromMilliseconds(1),
                    })
                    .Build();
                using var response = await pipeline.ExecuteAsync(async token => await http.GetAsync("pages/1", token));
                answer = $"{(int)response.StatusCode} after {server.Failed} tries | {typeof(ResiliencePipeline).Assembly.GetName().Name}";
            }
            answer
            """);

        var value = Assert.Single(result.Events.OfType<ReturnValueProduced>());
        Assert.Equal("500 after 3 tries | Polly.Core", value.Value);
    }

    [Fact]
    public async Task RateLimiter_CellWithOnlyTheIntegrationReferenced_CompilesAndRunsInVirtualTime()
    {
        using var kernel = NewKernel();

        var result = await SubmitAsync(kernel, $"#r \"{typeof(Notebook).Assembly.Location}\"\n" + """
            using AsyncLab;
            using System.Threading.RateLimiting;
            var lab = new Lab(virtualTime: true);
            var starts = new List<double>();
            var shown = await lab.Run(async () =>
            {
                using var limiter = lab.TokenBucket(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2, TokensPerPeriod = 2, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 4,
                });
                await Task.WhenAll(Enumerable.Range(0, 6).Select(async id =>
                {
                    using var lease = await limiter.AcquireAsync();
                    starts.Add(lab.Time.GetUtcNow().ToUnixTimeMilliseconds());
                }));
            });
            string.Join(",", starts.Select(s => s - starts[0])) + " | " + shown.Resources.Single()
            """);

        var value = Assert.Single(result.Events.OfType<ReturnValueProduced>());
        Assert.Equal("0,0,1000,1000,2000,2000 | limiter (rate limiter, 2 permits): lowest 0 available, peak 4 queued", value.Value);
    }

    [Fact]
    public void XPlotChart_AfterAttach_FormatsWithTheBundledPlotlyJs()
    {
        Notebook.Attach();

        // Loads XPlot.Plotly here if no other test has yet: the formatter follows it in, or was registered already.
        var chart = global::XPlot.Plotly.Chart.Plot(new global::XPlot.Plotly.Scatter { x = new[] { 1, 2 }, y = new[] { 3, 4 } });
        var html = chart.ToDisplayString(HtmlFormatter.MimeType);

        Assert.StartsWith("<script data-asynclab-plotly>", html, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopSignal_CellCanceled_CancelsTheLabsWait()
    {
        using var kernel = NewKernel();
        await SubmitAsync(kernel, References + "var ready = new System.Threading.SemaphoreSlim(0);");

        var cell = kernel.SendAsync(new SubmitCode("""
            ready.Release();
            await System.Threading.Tasks.Task.Delay(System.Threading.Timeout.Infinite, new AsyncLab.Lab().Stopping);
            """), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await kernel.SendAsync(new Cancel(), TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(cell, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));

        Assert.Same(cell, finished);
        Assert.Contains((await cell).Events, e => e is CommandFailed);
    }

    [Fact]
    public void StopSignal_OutsideACell_IsNeverCanceled()
    {
        Notebook.Attach();

        Assert.False(LabHost.Current.Stopping.CanBeCanceled);
    }
}
