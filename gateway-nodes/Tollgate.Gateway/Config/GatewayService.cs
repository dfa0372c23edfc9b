namespace Tollgate.Gateway.Config;

/// <summary>A Kong service as the gateway uses it: where to send traffic and with which limits.</summary>
public sealed record GatewayService(
    Guid Id,
    string? Name,
    string Protocol,
    string Host,
    int Port,
    string? Path,
    int Retries,
    TimeSpan ConnectTimeout,
    TimeSpan WriteTimeout,
    TimeSpan ReadTimeout,
    bool Enabled)
{
    /// <summary>The load-balanced upstream named by the service's host, when there is one.</summary>
    public Balancing.UpstreamBalancer? Upstream { get; init; }

    public string Scheme => Protocol is "https" or "grpcs" or "wss" ? "https" : "http";
}
