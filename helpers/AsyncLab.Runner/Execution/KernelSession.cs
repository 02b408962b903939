using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace AsyncLab.Runner.Execution;

/// <summary>
/// One dotnet-interactive process in stdio mode and the proxy kernels that talk to it. Disposing kills the process:
/// the connector alone leaves it running.
/// </summary>
internal sealed class KernelSession : IDisposable
{
    private const int ConnectAttempts = 60; // 30 s
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private readonly StdIoKernelConnector _connector;
    private readonly Dictionary<string, ProxyKernel> _proxies = new(StringComparer.Ordinal);

    private KernelSession(StdIoKernelConnector connector) => _connector = connector;

    /// <summary>
    /// Starts the kernel process with <paramref name="workingDirectory"/> as its current folder and connects to its
    /// C# kernel; a start that does not connect is killed and tried once more. The lessons in the kernel run in virtual
    /// time when <paramref name="virtualTime"/> is true, in real time otherwise (see <see cref="ExecutorOptions.VirtualTime"/>).
    /// The kernel alone also gets the variables of <paramref name="environment"/> (see <see cref="ExecutorOptions.Environment"/>).
    /// </summary>
    public static async Task<KernelSession> StartAsync(
        string kernelApp, string workingDirectory, bool virtualTime = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The kernel inherits this process's environment when it starts, so the clock is chosen by setting the variable
        // for the start only. One start at a time: another session must not start while the variable is changed.
        await StartGate.WaitAsync();
        var inherited = Environment.GetEnvironmentVariable(Lab.TimeModeVariable);
        Environment.SetEnvironmentVariable(Lab.TimeModeVariable, virtualTime ? "virtual" : "real");
        try
        {
            return await ConnectAsync(kernelApp, workingDirectory, environment ?? new Dictionary<string, string>());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Lab.TimeModeVariable, inherited);
            StartGate.Release();
        }
    }

    private static async Task<KernelSession> ConnectAsync(string kernelApp, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = Start(kernelApp, workingDirectory, environment);
            try
            {
                await session.ProxyAsync("csharp");
                return session;
            }
            catch (Exception) when (attempt < 2)
            {
                session.Dispose();
            }
            catch (Exception e)
            {
                session.Dispose();
                throw new InvalidOperationException($"Could not connect to the kernel ({kernelApp} stdio): {e.Message}", e);
            }
        }
    }

    private static KernelSession Start(string kernelApp, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        Environment.SetEnvironmentVariable("DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("DOTNET_NOLOGO", "1");
        // The runner ends a kernel by killing it, and a killed .NET process leaves its debugger pipes and diagnostics
        // socket in the temp folder. Nothing attaches a debugger or dotnet-trace to these kernels, so they open neither.
        Environment.SetEnvironmentVariable("DOTNET_EnableDiagnostics_Debugger", "0");
        Environment.SetEnvironmentVariable("DOTNET_EnableDiagnostics_IPC", "0");
        // The extra variables go through env(1), which then becomes the kernel (same process): set here, they would
        // also reach whatever else this process starts meanwhile.
        string[] command = environment.Count == 0
            ? ["dotnet", kernelApp, "stdio"]
            : ["env", .. environment.Select(v => Quoted($"{v.Key}={v.Value}")), "dotnet", kernelApp, "stdio"];
        var connector = new StdIoKernelConnector(
            command,
            "root",
            new Uri("kernel://runner"),
            new DirectoryInfo(workingDirectory));
        return new KernelSession(connector);
    }

    /// <summary>
    /// The connector joins the command with spaces into one argument string, which is split again the way .NET splits
    /// command lines: a value with a space or a quote needs double quotes around it.
    /// </summary>
    private static string Quoted(string argument) =>
        argument.IndexOfAny([' ', '\t', '"']) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Runs one cell's code on the named kernel and gathers its outputs; null when the cell is still running after
    /// <paramref name="timeout"/>. When <paramref name="pressStopAfter"/> is set and the cell is still running that long
    /// after it was sent, the stop button is pressed (<see cref="CancelAsync"/>) and the cell is awaited as before: the
    /// answer then carries the time from the press to the kernel's answer.
    /// </summary>
    public async Task<Submission?> SubmitAsync(
        string kernelName, string code, TimeSpan timeout, TimeSpan? pressStopAfter, CancellationToken cancellationToken)
    {
        var proxy = await ProxyAsync(kernelName);
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var send = proxy.SendAsync(new SubmitCode(code), cancellationToken);
        var timedOut = Task.Delay(timeout, stopWaiting.Token);
        var stopButton = pressStopAfter is { } after ? Task.Delay(after, stopWaiting.Token) : Task.Delay(Timeout.Infinite, stopWaiting.Token);
        long? pressedAt = null;
        try
        {
            var finished = await Task.WhenAny(send, timedOut, stopButton);
            if (finished == stopButton && !send.IsCompleted)
            {
                pressedAt = Stopwatch.GetTimestamp();
                await CancelAsync(kernelName);
                finished = await Task.WhenAny(send, timedOut);
            }
            if (finished != send)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }
        }
        finally
        {
            stopWaiting.Cancel();
        }
        var stoppedAfter = pressedAt is { } pressed ? Stopwatch.GetElapsedTime(pressed) : (TimeSpan?)null;
        var result = await send;
        var (outputs, error) = Collect(result.Events);
        return new Submission(outputs, error, stoppedAfter);
    }

    /// <summary>
    /// Presses the stop button: sends the kernel's <see cref="Cancel"/> command through the proxy of
    /// <paramref name="kernelName"/>, as VS Code does. The kernel ends the running cell with "Command cancelled." and
    /// stays up for the next one.
    /// </summary>
    public async Task CancelAsync(string kernelName = "csharp")
    {
        var proxy = await ProxyAsync(kernelName);
        await proxy.SendAsync(new Cancel());
    }

    private async Task<ProxyKernel> ProxyAsync(string kernelName)
    {
        if (!_proxies.TryGetValue(kernelName, out var proxy))
        {
            // The connector learns the remote kernels from the process's first message; on a busy machine that can
            // come after the first request, which then fails with "Sequence contains no matching element". Wait and ask again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    proxy = await _connector.CreateProxyKernelAsync(kernelName, kernelName);
                    break;
                }
                catch (InvalidOperationException) when (attempt < ConnectAttempts)
                {
                    await Task.Delay(500);
                }
            }
            _proxies[kernelName] = proxy;
        }
        return proxy;
    }

    private static (IReadOnlyList<CellOutput>, string?) Collect(IEnumerable<KernelEvent> events)
    {
        var outputs = new List<CellOutput>();
        var displayIds = new Dictionary<string, int>(StringComparer.Ordinal);
        string? error = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced o:
                    outputs.Add(Output(OutputKind.StandardOutput, o.FormattedValues));
                    break;
                case StandardErrorValueProduced o:
                    outputs.Add(Output(OutputKind.StandardError, o.FormattedValues));
                    break;
                case ReturnValueProduced o:
                    outputs.Add(Output(OutputKind.ReturnValue, o.FormattedValues));
                    break;
                case DisplayedValueUpdated o when o.ValueId is { } id && displayIds.TryGetValue(id, out var at):
                    outputs[at] = Output(OutputKind.Display, o.FormattedValues);
                    break;
                case DisplayedValueProduced o:
                    if (o.ValueId is { } valueId)
                    {
                        displayIds[valueId] = outputs.Count;
                    }
                    outputs.Add(Output(OutputKind.Display, o.FormattedValues));
                    break;
                case ErrorProduced o:
                    outputs.Add(new CellOutput(OutputKind.Error, new Dictionary<string, string> { ["text/plain"] = o.Message }));
                    error ??= o.Message;
                    break;
                case CommandFailed o:
                    error = o.Message ?? o.Exception?.Message ?? "the cell failed";
                    break;
            }
        }
        return (outputs, error);
    }

    private static CellOutput Output(OutputKind kind, IEnumerable<FormattedValue> values) =>
        new(kind, values.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));

    /// <summary>Closes the connection and kills the kernel process and its children.</summary>
    public void Dispose()
    {
        var id = _connector.ProcessId;
        foreach (var proxy in _proxies.Values)
        {
            try
            {
                proxy.Dispose();
            }
            catch (Exception)
            {
                // The process is being killed anyway.
            }
        }
        try
        {
            _connector.Dispose();
        }
        catch (Exception)
        {
            // Same: nothing more to release than the process below.
        }
        if (id is { } pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
