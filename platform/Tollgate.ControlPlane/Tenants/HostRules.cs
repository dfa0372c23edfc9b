namespace Tollgate.Tenants;

/// <summary>
/// Which hosts a tenant's routes may name: its own "{tenant}.{GatewayDomain}", a host it claimed, or a host under a
/// wildcard it claimed. When domains must be verified, only verified claims count. Anything else could capture
/// another tenant's traffic.
/// </summary>
public sealed record HostRules(string Tenant, string GatewayDomain, bool VerifyDomains = false)
{
    /// <summary>The TXT record a domain's owner publishes to prove the claim.</summary>
    public static string ChallengeName(string domain) => "_tollgate-challenge." + (domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..] : domain);

    public static string ChallengeValue(string token) => "tollgate-verification=" + token;

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
        return VerifyDomains
            ? $"host '{routeHost}' is not a verified claim of this tenant: claim it with POST /{Tenant}/domains and verify it"
            : $"host '{routeHost}' is not claimed by this tenant: claim it first with POST /{Tenant}/domains";
    }

    private static string Bare(string host)
    {
        var text = host.ToLowerInvariant();
        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':') == colon ? text[..colon] : text;
    }
}
