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
    IReadOnlyList<string> ClaimedHosts,
    IReadOnlyDictionary<string, System.Security.Cryptography.X509Certificates.X509Certificate2> Certificates)
{
    public PluginChain ChainOf(GatewayRoute route) => Chains.GetValueOrDefault(route.Id) ?? PluginChain.Empty;

    /// <summary>The certificate for a TLS server name: an SNI of that exact name, else a wildcard SNI above it.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? CertificateFor(string serverName)
    {
        if (Certificates.Count == 0) return null;
        if (Certificates.TryGetValue(serverName, out var exact)) return exact;
        for (var dot = serverName.IndexOf('.'); dot >= 0; dot = serverName.IndexOf('.', dot + 1))
        {
            if (Certificates.TryGetValue("*" + serverName[dot..], out var wildcard)) return wildcard;
        }
        return null;
    }
}
