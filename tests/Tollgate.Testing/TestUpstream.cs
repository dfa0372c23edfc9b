using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Testing;

/// <summary>
/// A real Kestrel upstream on loopback that answers with what it received (method, path and query, headers, body)
/// and its own name. <see cref="Hits"/> counts proxied requests, not active health probes on /health. /slow?ms=N
/// waits before answering; ?status=, ?content-type= and ?set-header=Name:Value shape the answer. It can be stopped
/// and started again on the same port.
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private int _hits;

    private TestUpstream(string name, int port)
    {
        Name = name;
        _server = new LoopbackServer(port, app =>
        {
            app.UseWebSockets();
            app.Run(Echo);
        });
    }

    public string Name { get; }
    public int Port => _server.Port;
    public int Hits => Volatile.Read(ref _hits);
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<TestUpstream> Start(string name)
    {
        var upstream = new TestUpstream(name, TollgateNode.FreePort());
        await upstream.Start();
        return upstream;
    }

    public Task Start() => _server.Start();

    public Task Stop() => _server.Stop();

    /// <summary>Stops at once, cutting requests in flight.</summary>
    public Task Kill() => _server.Kill();

    private async Task Echo(HttpContext context)
    {
        // Active health probes are the gateway's own traffic, not requests it proxied.
        if (!context.Request.Path.StartsWithSegments("/health")) Interlocked.Increment(ref _hits);
        if (context.WebSockets.IsWebSocketRequest)
        {
            await EchoWebSocket(context);
            return;
        }
        var request = context.Request;
        if (request.Path.StartsWithSegments("/slow") && int.TryParse(request.Query["ms"], out var ms))
        {
            await Task.Delay(ms, context.RequestAborted);
        }
        using var reader = new StreamReader(request.Body);
        var headers = new JsonObject();
        foreach (var (key, value) in request.Headers) headers[key.ToLowerInvariant()] = value.ToString();
        var echo = new JsonObject
        {
            ["upstream"] = Name,
            ["method"] = request.Method,
            ["path"] = request.Path.ToUriComponent() + request.QueryString.Value,
            ["headers"] = headers,
            ["body"] = await reader.ReadToEndAsync(),
        };
        // The query can shape the answer: ?status=404, ?content-type=text/plain, ?set-header=Name:Value (repeatable).
        context.Response.StatusCode = int.TryParse(request.Query["status"], out var status) ? status : 200;
        context.Response.ContentType = request.Query["content-type"].FirstOrDefault() ?? "application/json";
        foreach (var header in request.Query["set-header"])
        {
            var colon = header!.IndexOf(':');
            context.Response.Headers.Append(header[..colon], header[(colon + 1)..]);
        }
        context.Response.Headers["X-Upstream"] = Name;
        await context.Response.WriteAsync(echo.ToJsonString());
    }

    /// <summary>Sends back every text message prefixed with the upstream's name, until the client closes.</summary>
    private async Task EchoWebSocket(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
            {
                await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }
            var reply = System.Text.Encoding.UTF8.GetBytes($"{Name}:" + System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.SendAsync(reply, System.Net.WebSockets.WebSocketMessageType.Text, true, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync() => await Stop();
}
