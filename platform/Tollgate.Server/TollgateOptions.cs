using Tollgate.Storage;

namespace Tollgate.Server;

/// <summary>The server's settings, read from appsettings, TOLLGATE_* environment variables and the command line.</summary>
public sealed class TollgateOptions
{
    public string DataDir { get; set; } = "./data";
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;
    public string? BootstrapToken { get; set; }
    public string GatewayDomain { get; set; } = "localhost";
    /// <summary>Comma-separated roles this process runs (silo, admin, proxy, portal); "all" (the all-in-one default) runs every role.</summary>
    public string Roles { get; set; } = "all";
    public PortOptions Ports { get; set; } = new();
    public ClusterSettings Cluster { get; set; } = new();
    public PostgresOptions Postgres { get; set; } = new();
    public DomainOptions Domains { get; set; } = new();

    /// <summary>
    /// Whether the process is a silo of the control plane. "silo", "admin" and "proxy" make one; a process that only
    /// runs the portal joins the cluster as an Orleans client instead.
    /// </summary>
    public bool HostsSilo => Runs("silo") || Runs("admin") || Runs("proxy");

    public bool Runs(string role) =>
        Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(r => r.Equals("all", StringComparison.OrdinalIgnoreCase) || r.Equals(role, StringComparison.OrdinalIgnoreCase));

    public sealed class PortOptions
    {
        public int Proxy { get; set; } = 8000;
        /// <summary>HTTPS (and HTTP/2 over TLS) with each tenant's certificates, chosen by SNI.</summary>
        public int ProxyHttps { get; set; } = 8443;
        /// <summary>Cleartext HTTP/2 (h2c) for gRPC clients, as Kong's "9080 http2" listener.</summary>
        public int ProxyHttp2 { get; set; } = 9080;
        public int Admin { get; set; } = 8001;
        public int Portal { get; set; } = 8002;
        public int Status { get; set; } = 8100;
    }

    public sealed class ClusterSettings
    {
        public string ClusterId { get; set; } = "tollgate";
        public string ServiceId { get; set; } = "tollgate";
        public int SiloPort { get; set; } = 11111;
        public int GatewayPort { get; set; } = 30000;
        /// <summary>The address other silos reach this one at (an IP, or a host name resolved at start); loopback when unset.</summary>
        public string? AdvertisedAddress { get; set; }
    }

    public sealed class DomainOptions
    {
        /// <summary>Claimed domains serve only once a DNS TXT record proves them; off in the embedded default.</summary>
        public bool RequireVerification { get; set; }
        /// <summary>The DNS server asked for TXT records, "address[:port]"; the machine's resolver when unset.</summary>
        public string? DnsServer { get; set; }
    }

    public sealed class PostgresOptions
    {
        public string? ConnectionString { get; set; }
    }
}
