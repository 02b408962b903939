using System.Net;
using System.Net.Sockets;

namespace AsyncLab.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class BadInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Lab RealLab = new(virtualTime: false);

    [Fact]
    public async Task A_port_in_use_names_the_port_and_says_to_pass_zero()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var error = await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 2, port: port, cancellationToken: Ct));
            Assert.Equal("port", error.ParamName);
            Assert.Contains($"Port {port} on 127.0.0.1 is in use", error.Message, StringComparison.Ordinal);
            Assert.Contains("Pass port: 0", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task A_server_on_a_port_leaves_it_taken_for_a_second_one()
    {
        await using var first = await RealLab.StartPageServer(limit: 1, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 1, port: first.Port, cancellationToken: Ct));
        Assert.Equal("port", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_limit_below_one_is_refused(int limit)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: limit, cancellationToken: Ct));
        Assert.Equal("limit", error.ParamName);
        Assert.Contains($"limit is {limit}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pass limit: 1 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_latency_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 1, latency: TimeSpan.FromMilliseconds(-50), cancellationToken: Ct));
        Assert.Equal("latency", error.ParamName);
        Assert.Contains("latency is -0.05 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pass zero or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jitter_above_the_latency_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            RealLab.StartPageServer(limit: 1, latency: TimeSpan.FromMilliseconds(10), jitter: TimeSpan.FromMilliseconds(20), cancellationToken: Ct));
        Assert.Equal("jitter", error.ParamName);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public async Task A_failure_rate_outside_zero_to_one_is_refused(double rate)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 1, failureRate: rate, cancellationToken: Ct));
        Assert.Equal("failureRate", error.ParamName);
        Assert.Contains("from 0 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_bad_numbers_name_their_argument()
    {
        Assert.Equal("retryAfterSeconds", (await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 1, retryAfterSeconds: -1, cancellationToken: Ct))).ParamName);
        Assert.Equal("port", (await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 1, port: 70000, cancellationToken: Ct))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => RealLab.StartPageServer(limit: 1, name: " ", cancellationToken: Ct))).ParamName);
    }

    [Fact]
    public async Task A_virtual_time_lab_is_refused_with_the_fix()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new Lab(virtualTime: true).StartPageServer(limit: 1, cancellationToken: Ct));
        Assert.Equal("lab", error.ParamName);
        Assert.Contains("new Lab(virtualTime: false)", error.Message, StringComparison.Ordinal);
    }
}
