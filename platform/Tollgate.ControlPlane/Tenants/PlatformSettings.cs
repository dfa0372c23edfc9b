namespace Tollgate.Tenants;

/// <summary>Platform-wide settings the control plane's grains need: the domain tenants answer under.</summary>
public sealed record PlatformSettings(string GatewayDomain);
