using System.Diagnostics;
using System.Net;

namespace Tollgate.Testing;

/// <summary>
/// A Tollgate process beside the tests: a standalone gateway node (the built Tollgate.Gateway.Node) or a silo (the
/// built Tollgate.Server in cluster mode). Drills read its CPU time and resident memory from /proc and kill it
/// with SIGKILL.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 });
    private readonly Process _process;

    private NodeProcess(Process process, int proxyPort, int statusPort, string dataDir) =>
        (_process, ProxyPort, StatusPort, DataDir) = (process, proxyPort, statusPort, dataDir);

    public int ProxyPort { get; }
    public int StatusPort { get; }
    /// <summary>Where the process keeps its state; a gateway node restarted on it serves from its disk cache.</summary>
    public string DataDir { get; }

    /// <summary>Starts a gateway node of the cluster, on a new data folder unless one is given.</summary>
    public static async Task<NodeProcess> Start(NodeSettings cluster, IReadOnlyDictionary<string, string>? extra = null, string? dataDir = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("tollgate-node-").FullName;
        var (proxy, status) = (TollgateNode.FreePort(), TollgateNode.FreePort());
        var settings = new Dictionary<string, string?>
        {
            ["DataDir"] = dataDir,
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
        return await Run("Tollgate.Gateway.Node.dll", settings, proxy, status, dataDir);
    }

    /// <summary>Starts the Tollgate server with the settings' ports, folder, database and cluster: a silo, or with Roles=portal a portal joined to the cluster as a client.</summary>
    public static Task<NodeProcess> StartServer(NodeSettings silo) =>
        Run("Tollgate.Server.dll", silo.ToConfiguration(), silo.ProxyPort, silo.StatusPort, silo.DataDir);

    /// <summary>
    /// Starts a published role as its container does: <c>dotnet {folder}/{assembly}</c> with the image's settings as
    /// TOLLGATE_ environment variables, and waits for its readiness probe.
    /// </summary>
    public static Task<NodeProcess> StartPublished(string folder, string assembly, IReadOnlyDictionary<string, string> environment, int proxyPort, int statusPort, string dataDir)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        start.ArgumentList.Add(Path.Combine(folder, assembly));
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Run(start, assembly, proxyPort, statusPort, dataDir);
    }

    private static Task<NodeProcess> Run(string assembly, IReadOnlyDictionary<string, string?> settings, int proxyPort, int statusPort, string dataDir)
    {
        // The folder is the content root, so the beside-the-tests appsettings.json (one of several roles') is not read.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        return Run(start, assembly, proxyPort, statusPort, dataDir);
    }

    private static async Task<NodeProcess> Run(ProcessStartInfo start, string assembly, int proxyPort, int statusPort, string dataDir)
    {
        var process = Process.Start(start)!;
        // Kept in the folder for whoever reads a drill's failure, and drained so the process never blocks on a full pipe.
        var log = new StreamWriter(Path.Combine(dataDir, $"{Path.GetFileNameWithoutExtension(assembly)}.{process.Id}.log")) { AutoFlush = true };
        var open = true;
        void Keep(object _, DataReceivedEventArgs line)
        {
            lock (log)
            {
                if (open && line.Data is not null) log.WriteLine(line.Data);
            }
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Exited += (_, _) =>
        {
            lock (log)
            {
                open = false;
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, proxyPort, statusPort, dataDir);
        // Generous: a silo joining a cluster whose previous silos were killed waits for them to be declared dead, and the
        // whole test suite shares two cores.
        try
        {
            await Eventually.Holds(node.IsReady, TimeSpan.FromSeconds(240), $"{assembly} on {proxyPort} being ready");
        }
        catch
        {
            // Never leave a process behind that nobody holds.
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public async Task<bool> IsReady()
    {
        try
        {
            return !_process.HasExited && (await Client.GetAsync($"http://127.0.0.1:{StatusPort}/status/ready")).IsSuccessStatusCode;
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

    /// <summary>SIGTERM, as Kubernetes and docker stop send: answers the exit code once the process has shut down.</summary>
    public async Task<int> Stop(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(deadline.Token);
        }
        return _process.ExitCode;
    }

    /// <summary>kill -9: the process gets no chance to flush, close or say goodbye.</summary>
    public async Task Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process.Dispose();
    }
}
