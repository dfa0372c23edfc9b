using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Config;

/// <summary>A Kong route compiled for matching: its hosts, paths, methods and headers, and how it rewrites the path.</summary>
public sealed record GatewayRoute(
    Guid Id,
    string? Name,
    GatewayService? Service,
    IReadOnlySet<string> Protocols,
    IReadOnlySet<string>? Methods,
    IReadOnlyList<HostPattern> Hosts,
    IReadOnlyList<string> Paths,
    IReadOnlyList<HostPattern> Snis,
    IReadOnlyList<HeaderMatcher> Headers,
    long RegexPriority,
    bool StripPath,
    bool PreserveHost,
    string PathHandling,
    int HttpsRedirectStatusCode,
    long CreatedAt);
