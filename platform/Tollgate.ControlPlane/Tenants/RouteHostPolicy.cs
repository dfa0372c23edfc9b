namespace Tollgate.Tenants;

/// <summary>
/// Which hosts a tenant's routes may name: its own "{tenant}.{GatewayDomain}", a host it claimed, or a host under a
/// wildcard it claimed. Anything else could capture another tenant's traffic.
/// </summary>
public sealed record RouteHostPolicy(string Tenant, string GatewayDomain)
{
    /// <summary>Why the tenant may not use the host, or null when it may.</summary>
    public string? Problem(string routeHost, IReadOnlyCollection<string> claimed)
    {
        var host = Bare(routeHost);
        if (host == $"{Tenant}.{GatewayDomain}".ToLowerInvariant() || claimed.Contains(host))
        {
            return null;
        }
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[1..] : "." + host;
        foreach (var claim in claimed)
        {
            if (claim.StartsWith("*.", StringComparison.Ordinal) && name.EndsWith(claim[1..], StringComparison.Ordinal) && name.Length > claim.Length - 1)
            {
                return null;
            }
        }
        return $"host '{routeHost}' is not claimed by this tenant: claim it first with POST /{Tenant}/domains";
    }

    private static string Bare(string host)
    {
        var text = host.ToLowerInvariant();
        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':') == colon ? text[..colon] : text;
    }
}
