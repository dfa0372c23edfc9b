namespace Tollgate.Portal;

/// <summary>What the portal tells people about the gateway: where a tenant's APIs answer.</summary>
public sealed record PortalSettings(string GatewayDomain, int ProxyPort)
{
    public string ProxyUrl(string tenant) => ProxyPort == 80 ? $"http://{tenant}.{GatewayDomain}" : $"http://{tenant}.{GatewayDomain}:{ProxyPort}";
}
