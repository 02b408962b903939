namespace AsyncLab;

/// <summary>
/// <c>await lab.StartPageServer(limit: 4)</c>: a real HTTP server on this machine (127.0.0.1) that a lesson's
/// <see cref="System.Net.Http.HttpClient"/> can call, watched by the lab. See <see cref="PageServer"/>.
/// </summary>
public static class LabPageServerExtensions
{
    /// <summary>
    /// Starts a <see cref="PageServer"/> on 127.0.0.1 and returns once it listens. Every path is a page:
    /// <c>GET /pages/7</c> answers <c>page /pages/7</c> after the latency. Stop it with <c>await using</c>; it also stops
    /// when the lab's host asks to stop (the stop button of the cell that started it).
    /// </summary>
    /// <param name="lab">A real-time lab (sockets run on the real clock): its timeline gets the server's panel.</param>
    /// <param name="limit">The most requests in flight at once; one more gets 429 Too Many Requests. 1 or more.</param>
    /// <param name="latency">How long the server takes for a page, on average. Zero or more.</param>
    /// <param name="jitter">
    /// How far one page's time may be from <paramref name="latency"/>, either way (evenly spread, drawn from
    /// <paramref name="seed"/>). At most <paramref name="latency"/>. Zero by default.
    /// </param>
    /// <param name="failureRate">The share of pages answered 500 Internal Server Error instead, from 0 to 1 (drawn from <paramref name="seed"/>).</param>
    /// <param name="retryAfterSeconds">The whole seconds a 429 asks the client to wait (its <c>Retry-After</c> header). 0 or more.</param>
    /// <param name="seed">The seed of the jitter and the failures: the same seed gives each page the same draws.</param>
    /// <param name="port">The port on 127.0.0.1; 0 (the default) takes a free one, read it from <see cref="PageServer.Port"/>.</param>
    /// <param name="name">The name of the server's panel on the chart.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An argument is out of range, the port is in use, or the lab runs in virtual time.</exception>
    public static Task<PageServer> StartPageServer(
        this Lab lab,
        int limit,
        TimeSpan? latency = null,
        TimeSpan? jitter = null,
        double failureRate = 0,
        int retryAfterSeconds = 1,
        int seed = 1,
        int port = 0,
        string name = "server",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var settings = PageServerSettings.Checked(lab, limit, latency ?? TimeSpan.FromMilliseconds(50), jitter ?? TimeSpan.Zero,
            failureRate, retryAfterSeconds, seed, port, name);
        return PageServer.StartAsync(lab, settings, cancellationToken);
    }
}
