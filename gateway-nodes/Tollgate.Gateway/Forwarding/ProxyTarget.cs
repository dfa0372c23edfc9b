using Tollgate.Gateway.Config;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Forwarding;

/// <summary>Where one request goes: the matched route, the upstream path and the Host to send. Carried as a request feature.</summary>
public sealed class ProxyTarget(RouteMatch match, string upstreamPath, string upstreamHost)
{
    public RouteMatch Match { get; } = match;
    public string UpstreamPath { get; } = upstreamPath;
    public string UpstreamHost { get; set; } = upstreamHost;
}
