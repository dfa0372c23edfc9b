namespace Tollgate.Gateway.Node;

/// <summary>A standalone gateway node's settings (appsettings, TOLLGATE_* environment variables, command line).</summary>
public sealed class NodeOptions
{
    public string DataDir { get; set; } = "./data-gateway";
    public string GatewayDomain { get; set; } = "localhost";
    public PortOptions Ports { get; set; } = new();
    public ClusterSettings Cluster { get; set; } = new();
    public PostgresOptions Postgres { get; set; } = new();

    public sealed class PortOptions
    {
        public int Proxy { get; set; } = 8000;
        /// <summary>HTTPS (and HTTP/2 over TLS) with each tenant's certificates, chosen by SNI.</summary>
        public int ProxyHttps { get; set; } = 8443;
        /// <summary>Cleartext HTTP/2 (h2c) for gRPC clients, as Kong's "9080 http2" listener.</summary>
        public int ProxyHttp2 { get; set; } = 9080;
        public int Status { get; set; } = 8100;
    }

    public sealed class ClusterSettings
    {
        public string ClusterId { get; set; } = "tollgate";
        public string ServiceId { get; set; } = "tollgate";
    }

    public sealed class PostgresOptions
    {
        public string? ConnectionString { get; set; }
    }
}
