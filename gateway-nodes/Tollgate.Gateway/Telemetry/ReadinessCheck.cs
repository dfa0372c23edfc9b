namespace Tollgate.Gateway.Telemetry;

/// <summary>
/// <c>health [url]</c>: asks a running process's readiness probe and exits 0 when it answers 200, else 1. Container
/// health checks run it, since the runtime images have no curl. The default is this machine's status port
/// (<c>TOLLGATE_Ports__Status</c>, else 8100).
/// </summary>
public static class ReadinessCheck
{
    public static async Task<int> Run(string[] args)
    {
        var port = Environment.GetEnvironmentVariable("TOLLGATE_Ports__Status") ?? "8100";
        var url = args.Length > 0 ? args[0] : $"http://127.0.0.1:{port}/status/ready";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            Console.WriteLine($"{url}: {e.Message}");
            return 1;
        }
    }
}
