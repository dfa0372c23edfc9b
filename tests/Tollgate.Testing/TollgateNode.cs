using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Server;
using Tollgate.Storage;

namespace Tollgate.Testing;

/// <summary>
/// One all-in-one Tollgate node running in the test process on real loopback ports, on SQLite or PostgreSQL.
/// </summary>
public sealed class TollgateNode : IAsyncDisposable
{
    public const string BootstrapToken = "test-bootstrap-token";

    private readonly WebApplication _app;

    private TollgateNode(WebApplication app, NodeSettings settings)
    {
        _app = app;
        Settings = settings;
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.AdminPort}") };
        Status = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.StatusPort}") };
    }

    public NodeSettings Settings { get; }
    /// <summary>The console and developer portal.</summary>
    public string PortalUrl => $"http://127.0.0.1:{Settings.PortalPort}";
    public HttpClient Admin { get; }
    public HttpClient Status { get; }
    public IServiceProvider Services => _app.Services;
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a node; if another process took one of its ports meanwhile, it tries again on fresh ports.</summary>
    public static async Task<TollgateNode> Start(NodeSettings settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = await TollgateServer.BuildAsync([], settings.ToConfiguration());
            try
            {
                await app.StartAsync();
                return new TollgateNode(app, settings);
            }
            catch (Exception e) when (attempt < 5 && IsAddressInUse(e))
            {
                await app.DisposeAsync();
                settings = settings.WithFreshPorts();
            }
        }
    }

    /// <summary>Sends a request to the proxy port as if to http://{host}/…</summary>
    public async Task<AdminHttp.Reply> Proxy(string host, HttpMethod method, string pathAndQuery, HttpContent? content = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{Settings.ProxyPort}{pathAndQuery}") { Content = content };
        request.Headers.Host = $"{host}:{Settings.ProxyPort}";
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await ProxyClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0
            ? System.Text.Json.Nodes.JsonNode.Parse(text)
            : null;
        return new AdminHttp.Reply(response.StatusCode, body, text, response);
    }

    public Task<AdminHttp.Reply> Proxy(string host, string pathAndQuery) => Proxy(host, HttpMethod.Get, pathAndQuery);

    private static readonly HttpClient ProxyClient = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 });

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException
                || (e is SocketException socket && socket.SocketErrorCode == SocketError.AddressAlreadyInUse))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A client that sends the given admin token.</summary>
    public HttpClient AdminAs(string token) => Settings.AdminAs(token);

    public HttpClient Operator() => Settings.Operator();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Status.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The next port below Linux's ephemeral range (32768+) that is free now: outgoing connections never take it.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextPort);
            try
            {
                using var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    // Each test process counts up in its own window, so parallel test processes do not hand out the same ports.
    private static int _nextPort = 20000 + Environment.ProcessId % 48 * 250 + Random.Shared.Next(0, 50);
}

/// <summary>Where a test node keeps its state and which ports it takes.</summary>
public sealed record NodeSettings(StorageKind Storage, string DataDir, string? PostgresConnection)
{
    public int ProxyPort { get; init; } = TollgateNode.FreePort();
    public int ProxyHttp2Port { get; init; } = TollgateNode.FreePort();
    public int ProxyHttpsPort { get; init; } = TollgateNode.FreePort();
    public int AdminPort { get; init; } = TollgateNode.FreePort();
    public int PortalPort { get; init; } = TollgateNode.FreePort();
    public int StatusPort { get; init; } = TollgateNode.FreePort();
    public int SiloPort { get; init; } = TollgateNode.FreePort();
    public int GatewayPort { get; init; } = TollgateNode.FreePort();
    /// <summary>Settings added on top of the test defaults.</summary>
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();

    /// <summary>Silos with the same cluster id and database form one cluster.</summary>
    public string ClusterId { get; init; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    public static NodeSettings Sqlite() => new(StorageKind.Sqlite, NewDataDir(), null);

    public static async Task<NodeSettings> Postgres() => Postgres(await TestPostgres.CreateDatabase());

    public static NodeSettings Postgres(string connection) => new(StorageKind.Postgres, NewDataDir(), connection);

    /// <summary>The same node (folder, database, cluster) on new ports.</summary>
    public NodeSettings WithFreshPorts() => this with
    {
        ProxyPort = TollgateNode.FreePort(),
        ProxyHttp2Port = TollgateNode.FreePort(),
        ProxyHttpsPort = TollgateNode.FreePort(),
        AdminPort = TollgateNode.FreePort(),
        PortalPort = TollgateNode.FreePort(),
        StatusPort = TollgateNode.FreePort(),
        SiloPort = TollgateNode.FreePort(),
        GatewayPort = TollgateNode.FreePort(),
    };

    /// <summary>Another silo on the same database: its own ports and folder.</summary>
    public NodeSettings SecondSilo() => WithFreshPorts() with { DataDir = NewDataDir() };

    /// <summary>A client of this node's Admin API that sends the given admin token.</summary>
    public HttpClient AdminAs(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AdminPort}") };
        client.DefaultRequestHeaders.Add("Kong-Admin-Token", token);
        return client;
    }

    public HttpClient Operator() => AdminAs(TollgateNode.BootstrapToken);

    public Dictionary<string, string?> ToConfiguration() => new Dictionary<string, string?>
    {
        ["DataDir"] = DataDir,
        ["Storage"] = Storage.ToString(),
        ["Postgres:ConnectionString"] = PostgresConnection,
        ["BootstrapToken"] = TollgateNode.BootstrapToken,
        ["Ports:Proxy"] = ProxyPort.ToString(),
        ["Ports:ProxyHttp2"] = ProxyHttp2Port.ToString(),
        ["Ports:ProxyHttps"] = ProxyHttpsPort.ToString(),
        ["Ports:Admin"] = AdminPort.ToString(),
        ["Ports:Portal"] = PortalPort.ToString(),
        ["Portal:PublicUrl"] = $"http://127.0.0.1:{PortalPort}/",
        ["Ports:Status"] = StatusPort.ToString(),
        ["Cluster:SiloPort"] = SiloPort.ToString(),
        ["Cluster:GatewayPort"] = GatewayPort.ToString(),
        ["Cluster:ClusterId"] = ClusterId,
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // Drills kill silos and nodes on purpose; Orleans' warnings about lost connections would drown their figures.
        ["Serilog:MinimumLevel:Override:Orleans"] = "Error",
        // Tests see changes only through push notices unless they wait this long.
        ["Gateway:PollInterval"] = "00:00:30",
        ["Plans:free:Concurrency"] = "4",
        // Tests load free tenants harder than the free plan's real ceiling allows.
        ["Plans:free:RequestsPerSecond"] = "1000000",
        // A plan that runs out fast, for quota tests.
        ["Plans:tiny:IncludedRequests"] = "40",
        ["Plans:tiny:HardCap"] = "true",
        ["Plans:tiny:RequestsPerSecond"] = "1000",
        ["Plans:tiny:Concurrency"] = "100",
        ["Plans:tiny:MaxServices"] = "2",
        ["Plans:tiny:MaxRoutes"] = "3",
        ["Plans:tiny:MaxConsumers"] = "3",
        // Log receivers in tests listen on loopback, which shared pools refuse.
        ["Gateway:PrivateLogEndpoints"] = "true",
    }.Concat(Extra).ToDictionary();

    private static string NewDataDir() => Directory.CreateTempSubdirectory("tollgate-test-").FullName;
}
