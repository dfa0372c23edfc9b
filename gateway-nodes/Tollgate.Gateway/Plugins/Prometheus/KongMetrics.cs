using System.Diagnostics.Metrics;
using Tollgate.Gateway.Tenancy;

namespace Tollgate.Gateway.Plugins.Prometheus;

/// <summary>
/// The metric families of Kong's prometheus plugin, served with the node's other metrics at /metrics on the status
/// port: requests by status code, kong/upstream/request latency histograms, bandwidth, and upstream target health.
/// Every series carries the tenant as Kong's "workspace" label. One meter per process, as metric pipelines expect.
/// </summary>
public static class KongMetrics
{
    public const string MeterName = "Tollgate.Gateway.Kong";

    /// <summary>Kong's latency buckets, in milliseconds.</summary>
    public static readonly double[] LatencyBuckets = [1, 2, 5, 7, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500, 1000, 2000, 5000, 10000, 30000, 60000];

    private static readonly string[] HealthStates = ["healthy", "unhealthy", "dns_error", "healthchecks_off"];
    private static readonly Meter Meter = new(MeterName);
    private static readonly List<WeakReference<TenantTable>> Tables = [];

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("kong_http_requests", description: "HTTP status codes per consumer/service/route in Kong");
    public static readonly Histogram<double> KongLatency = Meter.CreateHistogram<double>("kong_kong_latency_ms", description: "Latency added by Kong and enabled plugins for each service/route in Kong");
    public static readonly Histogram<double> UpstreamLatency = Meter.CreateHistogram<double>("kong_upstream_latency_ms", description: "Latency added by upstream response for each service/route in Kong");
    public static readonly Histogram<double> RequestLatency = Meter.CreateHistogram<double>("kong_request_latency_ms", description: "Total latency incurred during requests for each service/route in Kong");
    public static readonly Counter<long> Bandwidth = Meter.CreateCounter<long>("kong_bandwidth_bytes", description: "Total bandwidth (ingress/egress) throughput in bytes");

    static KongMetrics() =>
        Meter.CreateObservableGauge("kong_upstream_target_health", TargetHealth, description: "Health status of targets of upstream. States = healthchecks_off|healthy|unhealthy|dns_error, value is 1 when state is populated.");

    /// <summary>Reports the targets of this node's tenants in kong_upstream_target_health.</summary>
    public static void Watch(TenantTable tenants)
    {
        lock (Tables) Tables.Add(new WeakReference<TenantTable>(tenants));
    }

    /// <summary>One series per state of every target of tenants whose prometheus plugin asks for upstream health.</summary>
    private static IEnumerable<Measurement<int>> TargetHealth()
    {
        List<TenantTable> tables;
        lock (Tables) tables = [.. Tables.Select(t => t.TryGetTarget(out var table) ? table : null).OfType<TenantTable>()];
        foreach (var slot in tables.SelectMany(t => t.Slots))
        {
            var runtime = slot.Runtime;
            if (!runtime.Chains.Values.Any(chain => chain.Entries.Any(e => e.General?.Config is PrometheusConfig { UpstreamHealthMetrics: true }))) continue;
            foreach (var upstream in runtime.Upstreams)
            {
                var checks = upstream.Active.Enabled || upstream.Passive.Enabled;
                foreach (var target in upstream.Targets)
                {
                    var state = !checks ? "healthchecks_off" : target.Healthy ? "healthy" : "unhealthy";
                    foreach (var candidate in HealthStates)
                    {
                        yield return new Measurement<int>(candidate == state ? 1 : 0,
                            new("upstream", upstream.Name), new("target", target.Address), new("address", target.Address),
                            new("state", candidate), new("subsystem", "http"), new("workspace", runtime.Tenant.Slug));
                    }
                }
            }
        }
    }
}
