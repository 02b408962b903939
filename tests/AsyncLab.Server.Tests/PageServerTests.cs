using System.Net;
using System.Net.Sockets;

namespace AsyncLab.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class PageServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_client_that_keeps_at_most_the_limit_open_gets_every_page_and_no_429()
    {
        var lab = new Lab(virtualTime: false);
        await using var server = await lab.StartPageServer(limit: 3, latency: TimeSpan.FromMilliseconds(20), jitter: TimeSpan.FromMilliseconds(10), cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var gate = new SemaphoreSlim(3);
        var pages = new string[12];

        var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var job = lab.Track($"fetch {i}");
            await gate.WaitAsync(Ct);
            try
            {
                using (job.Begin())
                {
                    pages[i] = await http.GetStringAsync($"pages/{i}", Ct);
                }
            }
            finally
            {
                gate.Release();
            }
        })));

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"page /pages/{i}"), pages);
        Assert.Equal((12, 0, 0), (server.Served, server.Failed, server.Refused));
        Assert.InRange(server.PeakInFlight, 1, 3);
        var panel = Assert.Single(timeline.Resources);
        Assert.Equal((ResourceKind.Server, 3, "server"), (panel.Kind, panel.Capacity, panel.Name));
        Assert.Empty(panel.Drops);
        Assert.InRange(panel.PeakLevel, 1, 3);
        Assert.Equal(0, panel.Level[^1].Value);
    }

    [Fact]
    public async Task A_request_over_the_limit_gets_429_with_Retry_After_and_is_on_the_timeline()
    {
        var lab = new Lab(virtualTime: false);
        await using var server = await lab.StartPageServer(limit: 1, latency: TimeSpan.FromSeconds(1), retryAfterSeconds: 2, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        HttpResponseMessage? refused = null;

        var timeline = await lab.Run(async () =>
        {
            var first = http.GetAsync("pages/1", Ct);
            await WhenInFlight(server, 1);
            refused = await http.GetAsync("pages/2", Ct);
            (await first).Dispose();
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused!.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        refused.Dispose();
        Assert.Equal((1, 1), (server.Served, server.Refused));
        var panel = Assert.Single(timeline.Resources);
        Assert.Single(panel.Drops);
        Assert.Equal((1, 0), (panel.PeakLevel, panel.Level[^1].Value));
        Assert.Equal("server (server, limit 1): peak 1 in flight, 1 refused (429)", panel.ToString());
    }

    [Fact]
    public async Task The_same_seed_fails_the_same_pages()
    {
        async Task<int[]> FailedPages(int seed)
        {
            var lab = new Lab(virtualTime: false);
            await using var server = await lab.StartPageServer(limit: 1, latency: TimeSpan.Zero, failureRate: 0.5, seed: seed, cancellationToken: Ct);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var failed = new List<int>();
            for (var page = 0; page < 20; page++)
            {
                using var response = await http.GetAsync($"pages/{page}", Ct);
                if (response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    failed.Add(page);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
            Assert.Equal(failed.Count, server.Failed);
            return [.. failed];
        }

        var first = await FailedPages(seed: 7);
        Assert.Equal(first, await FailedPages(seed: 7));
        Assert.NotEqual(first, await FailedPages(seed: 8));
        Assert.InRange(first.Length, 1, 19);
    }

    [Fact]
    public async Task A_failure_rate_of_one_fails_every_page_and_zero_none()
    {
        var lab = new Lab(virtualTime: false);
        await using var failing = await lab.StartPageServer(limit: 2, latency: TimeSpan.Zero, failureRate: 1, cancellationToken: Ct);
        await using var healthy = await lab.StartPageServer(limit: 2, latency: TimeSpan.Zero, failureRate: 0, name: "healthy", cancellationToken: Ct);
        using var http = new HttpClient();
        for (var page = 0; page < 5; page++)
        {
            using var bad = await http.GetAsync(new Uri(failing.BaseAddress, $"pages/{page}"), Ct);
            using var good = await http.GetAsync(new Uri(healthy.BaseAddress, $"pages/{page}"), Ct);
            Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.OK), (bad.StatusCode, good.StatusCode));
        }
        Assert.Equal((0, 5, 5, 0), (failing.Served, failing.Failed, healthy.Served, healthy.Failed));
    }

    [Fact]
    public async Task Two_servers_run_at_once_on_their_own_ports()
    {
        var lab = new Lab(virtualTime: false);
        await using var one = await lab.StartPageServer(limit: 1, latency: TimeSpan.FromMilliseconds(300), name: "one", cancellationToken: Ct);
        await using var two = await lab.StartPageServer(limit: 1, latency: TimeSpan.FromMilliseconds(300), name: "two", cancellationToken: Ct);
        using var http = new HttpClient();

        var timeline = await lab.Run(async () =>
        {
            var pages = await Task.WhenAll(http.GetStringAsync(new Uri(one.BaseAddress, "a"), Ct), http.GetStringAsync(new Uri(two.BaseAddress, "b"), Ct));
            Assert.Equal(["page /a", "page /b"], pages);
        });

        Assert.NotEqual(one.Port, two.Port);
        Assert.Equal((1, 0, 1, 0), (one.Served, one.Refused, two.Served, two.Refused));
        Assert.Equal(["one", "two"], timeline.Resources.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task After_dispose_its_port_can_be_bound_again()
    {
        var lab = new Lab(virtualTime: false);
        var server = await lab.StartPageServer(limit: 2, latency: TimeSpan.FromMilliseconds(10), cancellationToken: Ct);
        using (var http = new HttpClient { BaseAddress = server.BaseAddress })
        {
            Assert.Equal("page /x", await http.GetStringAsync("x", Ct));
        }
        var port = server.Port;

        await server.DisposeAsync();

        Assert.True(server.Stopped.IsCompleted);
        AssertPortIsFree(port);
        // Disposing twice is harmless.
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_ends_requests_still_in_flight_and_frees_the_port()
    {
        var lab = new Lab(virtualTime: false);
        var server = await lab.StartPageServer(limit: 2, latency: TimeSpan.FromMinutes(5), cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var pending = http.GetAsync("slow", Ct);
        await WhenInFlight(server, 1);

        await server.DisposeAsync().AsTask().WaitAsync(Patience, Ct);

        await Assert.ThrowsAsync<HttpRequestException>(() => pending.WaitAsync(Patience, Ct));
        Assert.Equal(0, server.InFlight);
        AssertPortIsFree(server.Port);
    }

    [Fact]
    public async Task The_hosts_stop_signal_stops_it_and_frees_the_port()
    {
        using var stop = new CancellationTokenSource();
        using (LabHost.Install(new TestHost(stop.Token)))
        {
            var lab = new Lab(virtualTime: false);
            var server = await lab.StartPageServer(limit: 2, cancellationToken: Ct);

            await stop.CancelAsync();
            await server.Stopped.WaitAsync(Patience, Ct);

            AssertPortIsFree(server.Port);
            Assert.Contains("stopped", server.ToString(), StringComparison.Ordinal);
        }
    }

    private static async Task WhenInFlight(PageServer server, int count)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(Patience);
        while (server.InFlight < count)
        {
            await Task.Delay(5, patience.Token);
        }
    }

    internal static void AssertPortIsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }
}
