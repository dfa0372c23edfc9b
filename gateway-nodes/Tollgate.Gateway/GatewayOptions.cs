namespace Tollgate.Gateway;

/// <summary>A gateway node's settings (section "Gateway", plus the server's GatewayDomain and DataDir).</summary>
public sealed class GatewayOptions
{
    /// <summary>Tenants answer at {tenant}.{GatewayDomain}.</summary>
    public string GatewayDomain { get; set; } = "localhost";
    /// <summary>The folder holding the last applied config of each tenant.</summary>
    public string CacheDir { get; set; } = "./data/gateway-cache";
    /// <summary>The pools this node serves.</summary>
    public string[] Pools { get; set; } = ["shared"];
    /// <summary>How often versions are polled as a safety net for lost change notices.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Concurrent requests in flight allowed per tenant, by plan; other plans get the "free" cap.</summary>
    public Dictionary<string, int> ConcurrencyByPlan { get; set; } = new() { ["free"] = 100, ["pro"] = 1000, ["enterprise"] = 10000 };

    /// <summary>Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed, as Kong's trusted_ips.</summary>
    public string[] TrustedIps { get; set; } = [];

    public int ConcurrencyCap(string plan) =>
        ConcurrencyByPlan.TryGetValue(plan, out var cap) ? cap : ConcurrencyByPlan.GetValueOrDefault("free", 100);
}
