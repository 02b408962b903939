using System.Globalization;
using System.Net;
using AsyncLab.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncLab;

/// <summary>
/// A real HTTP server (ASP.NET Core Kestrel) on 127.0.0.1, started with <c>await lab.StartPageServer(limit: 4)</c>.
/// Every path is a page that takes the latency (± the seeded jitter) and then answers 200 with a short text, or 500 for the
/// seeded share of failures. The lab records its requests in flight and every 429 on the same timeline as the client's
/// tasks: the chart shows a panel for it under the client's rows.
/// </summary>
/// <remarks>
/// <para><b>In flight, exactly.</b> A request counts from the moment the server's handler receives it (Kestrel has read its
/// headers) until the moment the server starts to write its answer. The count drops <em>before</em> the first byte of the
/// answer leaves, so a client that waits for one answer before sending its next request is never counted twice: a client
/// that keeps at most <see cref="Limit"/> requests open never gets a 429. A request that arrives while
/// <see cref="Limit"/> are in flight is answered at once with 429 Too Many Requests and <c>Retry-After</c>, and is not
/// counted as in flight.</para>
/// <para><b>Seeded.</b> Each page's jitter and failure come from the seed, the path and how many times that path has been
/// asked for: the same seed fails the same pages on their first try in every run, whatever order the requests arrive in.</para>
/// <para><b>Real time.</b> Sockets cannot run on the lab's virtual clock, so the server needs a real-time lab.</para>
/// <para><b>Stopping.</b> Dispose it (<c>await using var server = ...</c>) to stop it and free its port; it also stops when
/// the lab's host asks to stop (the stop button of the cell that started it), and a kernel restart ends its process.</para>
/// </remarks>
public sealed class PageServer : IAsyncDisposable
{
    private readonly Lab _lab;
    private readonly PageServerSettings _settings;
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, int> _tries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _hostStop;
    private int _inFlight;
    private int _peakInFlight;
    private int _served;
    private int _failed;
    private int _refused;
    private int _disposing;

    private PageServer(Lab lab, PageServerSettings settings, WebApplication app)
    {
        _lab = lab;
        _settings = settings;
        _app = app;
    }

    /// <summary>Where to send requests: <c>http://127.0.0.1:&lt;port&gt;/</c>. Use it as an HttpClient's BaseAddress.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The port it listens on (the free port it took when started with port 0).</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The most requests it takes at once; one more gets 429.</summary>
    public int Limit => _settings.Limit;

    /// <summary>The name of its panel on the chart.</summary>
    public string Name => _settings.Name;

    /// <summary>Requests in flight right now (see the remarks for when a request counts).</summary>
    public int InFlight { get { lock (_gate) { return _inFlight; } } }

    /// <summary>The most requests that were in flight at once since it started.</summary>
    public int PeakInFlight { get { lock (_gate) { return _peakInFlight; } } }

    /// <summary>Pages answered 200 OK.</summary>
    public int Served { get { lock (_gate) { return _served; } } }

    /// <summary>Pages answered 500 Internal Server Error (the seeded failures).</summary>
    public int Failed { get { lock (_gate) { return _failed; } } }

    /// <summary>Requests answered 429 Too Many Requests because <see cref="Limit"/> were already in flight.</summary>
    public int Refused { get { lock (_gate) { return _refused; } } }

    /// <summary>Completes once the server has stopped and its port is free.</summary>
    public Task Stopped => _stopped.Task;

    /// <inheritdoc/>
    public override string ToString()
    {
        var state = _stopped.Task.IsCompleted ? "stopped" : BaseAddress.ToString();
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{Name} ({state}, limit {Limit}): {_served} served, {_failed} failed (500), {_refused} refused (429), peak {_peakInFlight} in flight");
        }
    }

    internal static async Task<PageServer> StartAsync(Lab lab, PageServerSettings settings, CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration, environment variables or appsettings and logs nothing: a notebook
        // cell shows only what the lesson prints.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Port));
        var app = builder.Build();
        var server = new PageServer(lab, settings, app);
        app.Run(server.Answer);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException error)
        {
            await app.DisposeAsync();
            throw new ArgumentException(
                $"Port {settings.Port} on 127.0.0.1 is in use by another program (or another server), so this server cannot listen on it. " +
                "Pass port: 0 to take a free port, or stop what uses it.", "port", error);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        // The stop button of the cell that started it stops it too.
        server._hostStop = LabHost.Current.Stopping.Register(static state => _ = ((PageServer)state!).DisposeAsync(), server);
        return server;
    }

    /// <summary>Stops listening, ends the requests still in flight and frees the port. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            await _stopped.Task;
            return;
        }
        _hostStop.Unregister();
        try
        {
            // Requests still waiting out their latency end now, so stopping does not wait for them.
            await _stopping.CancelAsync();
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
        finally
        {
            _stopping.Dispose();
            _stopped.TrySetResult();
        }
    }

    private async Task Answer(HttpContext context)
    {
        var path = context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
        if (!TryEnter(out var draw, path))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = _settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync($"too many requests: {_settings.Limit} already in flight", context.RequestAborted);
            return;
        }
        var left = false;
        try
        {
            await Task.Delay(draw.Latency, _stopping.Token);
            var fails = draw.Fails;
            Leave(fails);
            left = true;
            context.Response.StatusCode = fails ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            await context.Response.WriteAsync(fails ? $"failed: {path}" : $"page {path}", context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // Stopping, or the client gave up (its timeout closed the connection): the connection is closed with no answer.
            context.Abort();
        }
        finally
        {
            if (!left)
            {
                Leave(failed: null);
            }
        }
    }

    /// <summary>Takes a place in flight, or counts a refusal; records either on the lab's timeline.</summary>
    private bool TryEnter(out (TimeSpan Latency, bool Fails) draw, string path)
    {
        lock (_gate)
        {
            var recorder = _lab.CurrentRecorder;
            // Registered before the count changes, so a run that first meets the server starts from the count it had.
            var id = recorder.ResourceId(this, _settings.Name, ResourceKind.Server, _settings.Limit, () => _inFlight);
            if (_inFlight >= _settings.Limit)
            {
                _refused++;
                recorder.WriteResource(id, EventKind.ItemDropped, -1);
                draw = default;
                return false;
            }
            _inFlight++;
            _peakInFlight = Math.Max(_peakInFlight, _inFlight);
            recorder.WriteResource(id, EventKind.ChannelCounted, _inFlight);
            _tries.TryGetValue(path, out var tries);
            _tries[path] = tries + 1;
            draw = Draw(path, tries);
            return true;
        }
    }

    private void Leave(bool? failed)
    {
        lock (_gate)
        {
            _inFlight--;
            if (failed == true)
            {
                _failed++;
            }
            else if (failed == false)
            {
                _served++;
            }
            var recorder = _lab.CurrentRecorder;
            recorder.WriteResource(recorder.ResourceId(this, _settings.Name, ResourceKind.Server, _settings.Limit, () => _inFlight + 1),
                EventKind.ChannelCounted, _inFlight);
        }
    }

    /// <summary>The latency and failure of one try of one page: the same seed, path and try number give the same draw.</summary>
    private (TimeSpan Latency, bool Fails) Draw(string path, int tryNumber)
    {
        // FNV-1a over the path: string.GetHashCode differs from one process to the next.
        var hash = 2166136261u;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 16777619u;
        }
        var random = new Random(unchecked((int)hash ^ (_settings.Seed * 486187739) ^ (tryNumber * 16777619)));
        var spread = (random.NextDouble() * 2 - 1) * _settings.Jitter.Ticks;
        var latency = TimeSpan.FromTicks(_settings.Latency.Ticks + (long)spread);
        return (latency, random.NextDouble() < _settings.FailureRate);
    }
}
