using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.Prometheus;

/// <summary>
/// Kong's prometheus: counts each request it sees into the metric families its config enables, in the log phase,
/// after the client has its answer. The metrics are scraped from /metrics on the node's status port.
/// </summary>
public sealed class PrometheusPlugin : GatewayPlugin<PrometheusConfig>
{
    public override string Name => "prometheus";
    public override int Priority => 13;
    public override PluginSchema Schema => PrometheusConfig.Schema;

    public override PrometheusConfig Parse(Guid instance, JsonObject config) => PrometheusConfig.From(config);

    public override void HeaderFilter(PluginContext context, PrometheusConfig config)
    {
        if (config.BandwidthMetrics) context.CountResponseBytes();
    }

    public override void Log(PluginContext context, PrometheusConfig config)
    {
        if (!config.StatusCodeMetrics && !config.LatencyMetrics && !config.BandwidthMetrics) return;
        var route = context.Match.Route;
        var service = route.Service is { } s ? s.Name ?? s.Id.ToString() : "";
        var routeName = route.Name ?? route.Id.ToString();
        var workspace = context.Runtime.Tenant.Slug;
        var consumer = config.PerConsumer ? context.Consumer?.Username ?? context.Consumer?.Id.ToString() ?? "" : null;
        var latencies = context.Latencies();
        if (config.StatusCodeMetrics)
        {
            var tags = Tags(service, routeName, workspace, consumer);
            tags.Add("code", context.Http.Response.StatusCode.ToString());
            tags.Add("source", latencies.Proxied ? "service" : "kong");
            KongMetrics.Requests.Add(1, tags);
        }
        if (config.LatencyMetrics)
        {
            var tags = Tags(service, routeName, workspace, null);
            KongMetrics.RequestLatency.Record(latencies.Request, tags);
            KongMetrics.KongLatency.Record(latencies.Kong, tags);
            if (latencies.Proxied) KongMetrics.UpstreamLatency.Record(latencies.Proxy, tags);
        }
        if (config.BandwidthMetrics)
        {
            var ingress = Tags(service, routeName, workspace, consumer);
            ingress.Add("direction", "ingress");
            KongMetrics.Bandwidth.Add(context.Http.Request.ContentLength ?? 0, ingress);
            var egress = Tags(service, routeName, workspace, consumer);
            egress.Add("direction", "egress");
            KongMetrics.Bandwidth.Add(context.ResponseBytes, egress);
        }
    }

    private static System.Diagnostics.TagList Tags(string service, string route, string workspace, string? consumer)
    {
        var tags = new System.Diagnostics.TagList { { "service", service }, { "route", route }, { "workspace", workspace } };
        if (consumer is not null) tags.Add("consumer", consumer);
        return tags;
    }
}
