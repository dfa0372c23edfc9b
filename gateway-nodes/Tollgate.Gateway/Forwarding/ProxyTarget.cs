using Tollgate.Gateway.Config;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Forwarding;

/// <summary>Where one request goes: the matched route, the upstream path and the Host to send. Carried as a request feature.</summary>
public sealed class ProxyTarget(RouteMatch match, string upstreamPath, string upstreamHost)
{
    public RouteMatch Match { get; } = match;
    public string UpstreamPath { get; } = upstreamPath;
    public string UpstreamHost { get; set; } = upstreamHost;

    /// <summary>When the request was sent upstream and when the upstream's response headers came (Stopwatch ticks; 0 if not).</summary>
    public long UpstreamSent { get; set; }
    public long UpstreamAnswered { get; set; }

    /// <summary>Counts a response body of unknown length (chunked), for analytics and billing.</summary>
    public Plugins.ByteCounter? BodyCounter { get; set; }

    /// <summary>The upstream's wait in milliseconds, or null when no upstream answered.</summary>
    public double? UpstreamMilliseconds => UpstreamSent > 0 && UpstreamAnswered > 0
        ? System.Diagnostics.Stopwatch.GetElapsedTime(UpstreamSent, UpstreamAnswered).TotalMilliseconds
        : null;
}
