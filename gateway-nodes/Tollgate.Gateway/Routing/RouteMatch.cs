using System.Text.RegularExpressions;
using Tollgate.Gateway.Config;

namespace Tollgate.Gateway.Routing;

/// <summary>The route a request matched, and what followed the matched path (null when the route has no paths).</summary>
public sealed record RouteMatch(GatewayRoute Route, string? Postfix, Match? RegexMatch)
{
    public string UpstreamPath(string requestPath) =>
        Routing.UpstreamPath.Join(Route.Service?.Path, requestPath, Postfix, Route.StripPath, Route.PathHandling);
}
