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

    /// <summary>Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed, as Kong's trusted_ips.</summary>
    public string[] TrustedIps { get; set; } = [];

    /// <summary>
    /// Whether tenants' log endpoints (http-log) may be loopback or private addresses. Off for shared pools, so a
    /// tenant cannot reach the platform's network; on for a single machine or a dedicated pool.
    /// </summary>
    public bool PrivateLogEndpoints { get; set; }
    /// <summary>Token issuers the node reaches on any address (the platform's own portal); other issuers only on public ones.</summary>
    public string[] TrustedIssuers { get; set; } = [];

    /// <summary>Memory the node's proxy-cache may use across tenants, in bytes.</summary>
    public long ProxyCacheBytes { get; set; } = 256L * 1024 * 1024;
    /// <summary>Memory one tenant's proxy-cache entries may use on the node, in bytes.</summary>
    public long ProxyCacheBytesPerTenant { get; set; } = 32L * 1024 * 1024;

    /// <summary>The folder under which file-log writes, one sub-folder per tenant.</summary>
    public string LogDir { get; set; } = DefaultLogDir;

    /// <summary>Per-request measurement and how it is flushed to the analytics store.</summary>
    public Analytics.AnalyticsOptions Analytics { get; set; } = new();

    /// <summary>Keeps the node's files under the server's data folder, unless a log folder was configured.</summary>
    public void PlaceIn(string dataDir)
    {
        CacheDir = Path.Combine(dataDir, "gateway-cache");
        Analytics.SpoolDir = Path.Combine(dataDir, "analytics-spool");
        if (LogDir == DefaultLogDir) LogDir = Path.Combine(dataDir, "gateway-logs");
    }

    private const string DefaultLogDir = "./data/gateway-logs";

}
