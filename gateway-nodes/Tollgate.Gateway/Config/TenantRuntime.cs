using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Routing;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Config;

/// <summary>One tenant's immutable compiled config at one version: its router, upstreams and claimed hosts.</summary>
public sealed record TenantRuntime(
    TenantRecord Tenant,
    long Version,
    RouteMatcher Router,
    IReadOnlyList<UpstreamBalancer> Upstreams,
    IReadOnlyList<string> ClaimedHosts);
