using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Tollgate.Testing;

/// <summary>
/// A standalone gateway node in its own process (the built Tollgate.Gateway.Node beside the tests), so drills can
/// read its CPU time and resident memory from /proc.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 });
    private readonly Process _process;

    private NodeProcess(Process process, int proxyPort, int statusPort) => (_process, ProxyPort, StatusPort) = (process, proxyPort, statusPort);

    public int ProxyPort { get; }
    public int StatusPort { get; }

    public static async Task<NodeProcess> Start(NodeSettings cluster, IReadOnlyDictionary<string, string>? extra = null)
    {
        var (proxy, status) = (TollgateNode.FreePort(), TollgateNode.FreePort());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tollgate.Gateway.Node.dll"));
        var settings = new Dictionary<string, string>
        {
            ["DataDir"] = Directory.CreateTempSubdirectory("tollgate-node-").FullName,
            ["Ports:Proxy"] = proxy.ToString(),
            ["Ports:Status"] = status.ToString(),
            ["Ports:ProxyHttp2"] = TollgateNode.FreePort().ToString(),
            ["Ports:ProxyHttps"] = TollgateNode.FreePort().ToString(),
            ["Postgres:ConnectionString"] = cluster.PostgresConnection ?? throw new ArgumentException("gateway nodes join a cluster on PostgreSQL"),
            ["Cluster:ClusterId"] = cluster.ClusterId,
            ["Plans:free:RequestsPerSecond"] = "1000000",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        var process = Process.Start(start)!;
        // Drained so a chatty node never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, proxy, status);
        await Eventually.Holds(node.IsReady, TimeSpan.FromSeconds(60), "the gateway node process being ready");
        return node;
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

    public async Task<HttpStatusCode> Get(string host, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{ProxyPort}{path}");
        request.Headers.Host = host;
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    /// <summary>CPU time the process has used (user + system).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory in MiB, after asking nothing of the process (what the OS charges it now).</summary>
    public double ResidentMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:"));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
