using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Plugins;
using Tollgate.Gateway.Routing;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Config;

/// <summary>
/// One tenant's immutable compiled config at one version: its router, each route's plugin chain, its consumers,
/// upstreams and claimed hosts.
/// </summary>
public sealed record TenantRuntime(
    TenantRecord Tenant,
    long Version,
    RouteMatcher Router,
    IReadOnlyDictionary<Guid, PluginChain> Chains,
    IReadOnlyDictionary<Guid, GatewayConsumer> Consumers,
    IReadOnlyList<UpstreamBalancer> Upstreams,
    IReadOnlyList<string> ClaimedHosts)
{
    public PluginChain ChainOf(GatewayRoute route) => Chains.GetValueOrDefault(route.Id) ?? PluginChain.Empty;
}
