using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Tollgate.Gateway.Node;

namespace Tollgate.Testing;

/// <summary>A standalone gateway node in the test process; it may start while no silo is reachable.</summary>
public sealed class RunningNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _starting;
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false });

    private RunningNode(WebApplication app, int proxyPort, int statusPort)
    {
        _app = app;
        ProxyPort = proxyPort;
        StatusPort = statusPort;
        // Starting completes only once the cluster is reached; the proxy serves before that.
        _starting = app.StartAsync(_stop.Token);
    }

    public int ProxyPort { get; }
    public int StatusPort { get; }

    public static RunningNode Start(NodeSettings cluster, string dataDir)
    {
        var proxy = TollgateNode.FreePort();
        var status = TollgateNode.FreePort();
        var app = GatewayNode.Build([], new Dictionary<string, string?>
        {
            ["DataDir"] = dataDir,
            ["Ports:Proxy"] = proxy.ToString(),
            ["Ports:Status"] = status.ToString(),
            ["Ports:ProxyHttp2"] = TollgateNode.FreePort().ToString(),
            ["Ports:ProxyHttps"] = TollgateNode.FreePort().ToString(),
            ["Postgres:ConnectionString"] = cluster.PostgresConnection,
            ["Cluster:ClusterId"] = cluster.ClusterId,
            ["Gateway:PollInterval"] = "00:00:30",
            ["Plans:free:RequestsPerSecond"] = "1000000",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        return new RunningNode(app, proxy, status);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, System.Net.Http.Headers.HttpResponseHeaders Headers)> Get(
        string host, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{ProxyPort}{path}");
        request.Headers.Host = host;
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null, response.Headers);
    }

    public async Task<bool> IsReady()
    {
        try
        {
            return (await Client.GetAsync($"http://127.0.0.1:{StatusPort}/status/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _starting; } catch (OperationCanceledException) { }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
