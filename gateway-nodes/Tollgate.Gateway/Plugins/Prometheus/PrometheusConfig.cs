using System.Text.Json.Nodes;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.Prometheus;

/// <summary>Kong's prometheus config: which metric families are kept, and whether series carry the consumer.</summary>
public sealed record PrometheusConfig(bool PerConsumer, bool StatusCodeMetrics, bool LatencyMetrics, bool BandwidthMetrics, bool UpstreamHealthMetrics)
{
    public static readonly PluginSchema Schema = new(
        Flag("per_consumer", false),
        Flag("status_code_metrics", false),
        Flag("latency_metrics", false),
        Flag("bandwidth_metrics", false),
        Flag("upstream_health_metrics", false),
        Flag("ai_metrics", false) with { Rule = v => v.GetValue<bool>() ? "ai_metrics is not supported: Tollgate has no AI plugins" : null });

    public static PrometheusConfig From(JsonObject config) => new(
        config.Bool("per_consumer"),
        config.Bool("status_code_metrics"),
        config.Bool("latency_metrics"),
        config.Bool("bandwidth_metrics"),
        config.Bool("upstream_health_metrics"));
}
