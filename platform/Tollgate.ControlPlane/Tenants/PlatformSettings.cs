namespace Tollgate.Tenants;

/// <summary>
/// Platform-wide settings the control plane's grains need: the domain tenants answer under, and whether claimed
/// domains must be proven by a DNS TXT record (asked of <see cref="DnsServer"/>) before they serve traffic.
/// </summary>
public sealed record PlatformSettings(string GatewayDomain, bool VerifyDomains = false, System.Net.IPEndPoint? DnsServer = null);
