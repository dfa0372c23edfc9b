using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Testing;

/// <summary>
/// A real Kestrel log receiver on loopback: it keeps every JSON body posted to it, with the method and headers, and
/// can fail on purpose or be stopped and started again on the same port.
/// </summary>
public sealed class TestLogReceiver : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private TestLogReceiver(int port) => _server = new LoopbackServer(port, app => app.Run(Receive));

    public int Port => _server.Port;
    public string Url => $"http://127.0.0.1:{Port}/logs";
    /// <summary>Each request received: method, headers (lower-case names) and parsed body.</summary>
    public ConcurrentQueue<(string Method, Dictionary<string, string> Headers, JsonNode Body)> Received { get; } = new();
    /// <summary>When set, requests are answered with this status instead of 200.</summary>
    public int? FailWith { get; set; }

    /// <summary>Every log entry received, with batches (JSON arrays) flattened.</summary>
    public IReadOnlyList<JsonObject> Entries =>
        [.. Received.SelectMany(r => r.Body is JsonArray batch ? batch.Select(e => e!.AsObject()) : [r.Body.AsObject()])];

    public static async Task<TestLogReceiver> Start()
    {
        var receiver = new TestLogReceiver(TollgateNode.FreePort());
        await receiver.Restart();
        return receiver;
    }

    public Task Restart() => _server.Start();

    public Task Stop() => _server.Stop();

    private async Task Receive(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Received.Enqueue((context.Request.Method, headers, JsonNode.Parse(text)!));
    }

    public ValueTask DisposeAsync() => new(Stop());
}
