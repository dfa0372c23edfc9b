namespace Tollgate.Portal;

/// <summary>
/// What the portal tells people about the gateway (where a tenant's APIs answer), and where its "try it" panel sends
/// requests: a gateway node's proxy address, with the tenant's host name, so a call there is a call through the gateway.
/// </summary>
/// <param name="Issuer">The portal's public address: the issuer of the access tokens its OAuth token endpoint signs.</param>
public sealed record PortalSettings(string GatewayDomain, int ProxyPort, Uri TryItGateway, Uri Issuer)
{
    public string ProxyUrl(string tenant) => ProxyPort == 80 ? $"http://{tenant}.{GatewayDomain}" : $"http://{tenant}.{GatewayDomain}:{ProxyPort}";

    /// <summary>The Host header a request for the tenant carries.</summary>
    public string ProxyHost(string tenant) => ProxyPort == 80 ? $"{tenant}.{GatewayDomain}" : $"{tenant}.{GatewayDomain}:{ProxyPort}";
}
