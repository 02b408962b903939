using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AsyncLab.Environment.Tests;

/// <summary>What one cell printed and showed when a kernel ran it over Jupyter's websocket.</summary>
/// <param name="Number">The cell's position among the notebook's code cells, from 1.</param>
/// <param name="Stdout">What the cell wrote to standard output.</param>
/// <param name="Stderr">What the cell (or the compiler) wrote to standard error.</param>
/// <param name="Shown">Every displayed value as plain text and as HTML-decoded text.</param>
/// <param name="Error">"name: message" of the error the cell raised, or null.</param>
internal sealed record HubCell(int Number, string Stdout, string Stderr, IReadOnlyList<string> Shown, string? Error)
{
    /// <summary>Everything the cell printed and showed, for searching and messages.</summary>
    public string Text => string.Join("\n", new[] { Stdout, Stderr }.Concat(Shown).Append(Error ?? ""));
}

/// <summary>
/// A browser's connection to one kernel through the hub's proxy: /user/&lt;name&gt;/api/kernels/&lt;id&gt;/channels,
/// where every Jupyter message travels as one JSON text frame tagged with its channel.
/// </summary>
internal sealed class KernelChannel : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly string _user;

    private KernelChannel(ClientWebSocket socket, string user)
    {
        _socket = socket;
        _user = user;
    }

    /// <summary>Connects to kernel <paramref name="kernelId"/> of <paramref name="user"/>'s server with their token.</summary>
    public static async Task<KernelChannel> ConnectAsync(Uri hub, string user, string token, string kernelId, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "token " + token);
        var address = new Uri($"ws://{hub.Authority}/user/{user}/api/kernels/{kernelId}/channels?session_id={Guid.NewGuid():N}");
        await socket.ConnectAsync(address, ct);
        return new KernelChannel(socket, user);
    }

    /// <summary>Runs <paramref name="code"/> as cell <paramref name="number"/> and collects its outputs until the kernel is idle.</summary>
    public async Task<HubCell> RunAsync(int number, string code, CancellationToken ct)
    {
        var messageId = Guid.NewGuid().ToString("N");
        var request = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["msg_id"] = messageId,
                ["username"] = _user,
                ["session"] = _session,
                ["msg_type"] = "execute_request",
                ["version"] = "5.3",
                ["date"] = DateTime.UtcNow.ToString("O"),
            },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = new JsonObject
            {
                ["code"] = code,
                ["silent"] = false,
                ["store_history"] = true,
                ["user_expressions"] = new JsonObject(),
                ["allow_stdin"] = false,
                ["stop_on_error"] = true,
            },
            ["channel"] = "shell",
            ["buffers"] = new JsonArray(),
        };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var shown = new List<string>();
        string? error = null;
        while (true)
        {
            using var message = await ReceiveAsync(ct);
            var root = message.RootElement;
            if (!root.TryGetProperty("parent_header", out var parent) || parent.ValueKind != JsonValueKind.Object
                || !parent.TryGetProperty("msg_id", out var parentId) || parentId.GetString() != messageId)
            {
                continue;
            }
            var content = root.GetProperty("content");
            switch (root.GetProperty("header").GetProperty("msg_type").GetString())
            {
                case "stream":
                    (content.GetProperty("name").GetString() == "stderr" ? stderr : stdout).Append(content.GetProperty("text").GetString());
                    break;
                case "display_data" or "execute_result" or "update_display_data":
                    foreach (var item in content.GetProperty("data").EnumerateObject().Where(d => d.Name is "text/plain" or "text/html"))
                    {
                        shown.Add(WebUtility.HtmlDecode(item.Value.GetString() ?? ""));
                    }
                    break;
                case "error":
                    error = $"{content.GetProperty("ename").GetString()}: {content.GetProperty("evalue").GetString()}";
                    break;
                case "status" when content.GetProperty("execution_state").GetString() == "idle":
                    return new HubCell(number, stdout.ToString(), stderr.ToString(), shown, error);
            }
        }
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The server closed the kernel websocket: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }
            frame.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                if (received.MessageType != WebSocketMessageType.Text)
                {
                    throw new InvalidOperationException("The kernel websocket sent a binary frame; this client reads JSON text frames only.");
                }
                return JsonDocument.Parse(frame.ToArray());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", limit.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server is going away already; the socket is disposed below either way.
            }
        }
        _socket.Dispose();
    }
}
