using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AsyncLab.Environment.Tests;

/// <summary>Where a class's hub keeps its files and what its students get.</summary>
/// <param name="Folder">The hub's own folder: configuration, database, cookie secret, log (created here).</param>
/// <param name="Checkout">The shared checkout every student's server opens (notebook_dir).</param>
/// <param name="Homes">The folder under which each student gets a fresh home, homes/&lt;name&gt;.</param>
/// <param name="StudentEnvironment">Variables every student's server and kernels get (PATH, JUPYTER_PATH, ...).</param>
internal sealed record ClassHubSetup(string Folder, string Checkout, string Homes, IReadOnlyDictionary<string, string> StudentEnvironment);

/// <summary>
/// Debian's JupyterHub 3 on 127.0.0.1 with its configurable-http-proxy, the test authenticator, and a local-process
/// spawner that runs each student's classic notebook server as this user, in a home of their own. A "teacher"
/// service holds the admin token. Disposing it stops whatever is still running.
/// </summary>
internal sealed class ClassHub : IAsyncDisposable
{
    /// <summary>The Debian packages the hub needs, as the command that installs them (.ci/run runs it).</summary>
    public const string InstallCommand = "sudo apt-get install jupyterhub python3-notebook node-configurable-http-proxy";

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly HttpClient _teacher;

    private ClassHub(Process process, StringBuilder log, Uri address, string teacherToken, IReadOnlyList<int> ports)
    {
        _process = process;
        _log = log;
        Address = address;
        Ports = ports;
        _teacher = Client(teacherToken);
    }

    /// <summary>The public address, the proxy's: every request a browser makes goes here.</summary>
    public Uri Address { get; }

    /// <summary>The ports the hub listens on: the proxy, the proxy's API, the hub itself.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>What the hub, its proxy and the students' servers logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Null when Debian's hub, proxy and notebook server are installed; otherwise what is missing and how to install it.</summary>
    public static async Task<string?> MissingPackagesAsync(CancellationToken ct)
    {
        var missing = new[] { "/usr/bin/jupyterhub", "/usr/bin/jupyterhub-singleuser", "/usr/bin/configurable-http-proxy" }
            .Where(path => !File.Exists(path)).ToList();
        if (File.Exists("/usr/bin/python3"))
        {
            var notebook = await Command.RunAsync("/usr/bin/python3", ["-c", "import notebook"], RepoFiles.Root,
                timeout: TimeSpan.FromSeconds(60), cancellationToken: ct);
            if (!notebook.Succeeded)
            {
                missing.Add("the Python module notebook");
            }
        }
        else
        {
            missing.Add("/usr/bin/python3");
        }
        return missing.Count == 0
            ? null
            : $"Debian's JupyterHub is not installed ({string.Join(", ", missing)} missing). Install it with `{InstallCommand}` (.ci/run does).";
    }

    /// <summary>Writes the configuration into <see cref="ClassHubSetup.Folder"/>, starts the hub and waits until it answers.</summary>
    public static async Task<ClassHub> StartAsync(ClassHubSetup setup, CancellationToken ct)
    {
        var ports = FreePorts(3);
        var teacherToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var config = Path.Combine(setup.Folder, "jupyterhub_config.py");
        await File.WriteAllTextAsync(config, Configuration(setup, ports, teacherToken), ct);

        var start = new ProcessStartInfo("/usr/bin/jupyterhub")
        {
            WorkingDirectory = setup.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(config);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        // Debian's configurable-http-proxy finds its modules (commander, ...) in /usr/share/nodejs only when Node.js is
        // Debian's own; under another Node.js (nodesource, nvm) it needs this.
        start.Environment["NODE_PATH"] = "/usr/share/nodejs";
        // Names the hub's folder in the environment of the hub and its proxy, so a test can tell they are gone.
        start.Environment["ASYNCLAB_CLASS_HUB"] = setup.Folder;

        var log = new StringBuilder();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.Append(line).Append('\n');
                }
            }
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var hub = new ClassHub(process, log, new Uri($"http://127.0.0.1:{ports[0]}/"), teacherToken, ports);
        try
        {
            await hub.WaitUntilAnsweringAsync(ct);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a student and hands back a token of their own, as the hub issues one after a sign-in.</summary>
    public async Task<string> SignInAsync(string student, CancellationToken ct)
    {
        await Send(_teacher, HttpMethod.Post, $"hub/api/users/{student}", null, ct);
        var token = await Send(_teacher, HttpMethod.Post, $"hub/api/users/{student}/tokens", new JsonObject { ["note"] = "class test" }, ct);
        return token["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"The hub issued no token for {student}: {token}");
    }

    /// <summary>Starts the student's own server with the student's token and waits until the hub reports it ready.</summary>
    public async Task StartServerAsync(string student, string token, CancellationToken ct)
    {
        using var client = Client(token);
        await Send(client, HttpMethod.Post, $"hub/api/users/{student}/server", null, ct);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var server = (await Send(client, HttpMethod.Get, $"hub/api/users/{student}", null, ct))["servers"]?[""];
            if (server?["ready"]?.GetValue<bool>() == true)
            {
                return;
            }
            if (server is null || waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"{student}'s server did not start (gave up after {waited.Elapsed.TotalSeconds:F0} s). Hub log:\n{Log}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>
    /// Opens <paramref name="notebookPath"/> (relative to the checkout) as a browser does: a session, whose kernel starts in
    /// the notebook's folder. Returns the session's and the kernel's ids.
    /// </summary>
    public async Task<(string Session, string Kernel)> OpenNotebookAsync(string student, string token, string notebookPath, CancellationToken ct)
    {
        using var client = Client(token);
        var session = await Send(client, HttpMethod.Post, $"user/{student}/api/sessions", new JsonObject
        {
            ["path"] = notebookPath,
            ["type"] = "notebook",
            ["name"] = "",
            ["kernel"] = new JsonObject { ["name"] = ".net-csharp" },
        }, ct);
        return (session["id"]!.GetValue<string>(), session["kernel"]!["id"]!.GetValue<string>());
    }

    /// <summary>Closes the notebook: deleting the session shuts its kernel down.</summary>
    public async Task CloseNotebookAsync(string student, string token, string sessionId, CancellationToken ct)
    {
        using var client = Client(token);
        await Send(client, HttpMethod.Delete, $"user/{student}/api/sessions/{sessionId}", null, ct);
    }

    /// <summary>Asks the hub to stop every server and the proxy, then to exit, and waits until it has.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        await Send(_teacher, HttpMethod.Post, "hub/api/shutdown", new JsonObject { ["servers"] = true, ["proxy"] = true }, ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit(); // flushes the log
    }

    public async ValueTask DisposeAsync()
    {
        _teacher.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }

    /// <summary>The hub's configuration: everything the classroom needs, nothing from the machine's /etc/jupyterhub.</summary>
    private static string Configuration(ClassHubSetup setup, IReadOnlyList<int> ports, string teacherToken)
    {
        static string Py(string text) => JsonSerializer.Serialize(text);
        var environment = string.Join(", ", setup.StudentEnvironment.Select(v => $"{Py(v.Key)}: {Py(v.Value)}"));
        // The single-user server refuses to run as root unless told so.
        var serverArgs = System.Environment.IsPrivilegedProcess ? "['--allow-root']" : "[]";
        return $$"""
            # A JupyterHub for one class, on this machine only.
            c = get_config()
            c.JupyterHub.ip = '127.0.0.1'
            c.JupyterHub.port = {{ports[0]}}
            c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{{ports[1]}}'
            c.ConfigurableHTTPProxy.pid_file = {{Py(Path.Combine(setup.Folder, "proxy.pid"))}}
            c.JupyterHub.hub_ip = '127.0.0.1'
            c.JupyterHub.hub_port = {{ports[2]}}
            c.JupyterHub.db_url = {{Py("sqlite:///" + Path.Combine(setup.Folder, "jupyterhub.sqlite"))}}
            c.JupyterHub.cookie_secret_file = {{Py(Path.Combine(setup.Folder, "jupyterhub_cookie_secret"))}}

            # Test sign-in: any name, with a password nobody knows; students get their tokens from the teacher service.
            c.JupyterHub.authenticator_class = 'jupyterhub.auth.DummyAuthenticator'
            c.DummyAuthenticator.password = {{Py(Guid.NewGuid().ToString("N"))}}
            c.JupyterHub.services = [{'name': 'teacher', 'api_token': {{Py(teacherToken)}}}]
            c.JupyterHub.load_roles = [{'name': 'teacher', 'services': ['teacher'],
                                        'scopes': ['admin:users', 'admin:servers', 'tokens', 'shutdown']}]

            # Each student's server runs as this user in a fresh home of their own, on the shared checkout.
            c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'
            c.SimpleLocalProcessSpawner.home_dir_template = {{Py(Path.Combine(setup.Homes, "{username}"))}}
            c.Spawner.cmd = ['/usr/bin/jupyterhub-singleuser']
            c.Spawner.args = {{serverArgs}}
            c.Spawner.notebook_dir = {{Py(setup.Checkout)}}
            c.Spawner.default_url = '/tree'
            c.Spawner.environment = { {{environment}} }
            c.Spawner.start_timeout = 120
            c.Spawner.http_timeout = 120
            """;
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"jupyterhub exited with {_process.ExitCode} while starting. Log:\n{Log}");
            }
            try
            {
                using var response = await _teacher.GetAsync("hub/api/", limit.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new TimeoutException($"jupyterhub did not answer on {Address} within 90 s. Log:\n{Log}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        return client;
    }

    private async Task<JsonNode> Send(HttpClient client, HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode} {response.StatusCode}: {text}\nHub log:\n{Log}");
        }
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
    }

    /// <summary>Ports nothing listens on now; the listeners are closed before the hub binds them.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
