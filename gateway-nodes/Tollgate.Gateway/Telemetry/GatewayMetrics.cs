using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Tollgate.Gateway.Telemetry;

/// <summary>The gateway's Prometheus metrics: config applied and rejected, proxied requests by status class, plus ASP.NET's own.</summary>
public static class GatewayMetrics
{
    public const string MeterName = "Tollgate.Gateway";

    private static readonly Meter Meter = new(MeterName);
    public static readonly Counter<long> ConfigApplied = Meter.CreateCounter<long>("tollgate_config_applied", description: "Tenant configs compiled and swapped in");
    public static readonly Counter<long> ConfigRejected = Meter.CreateCounter<long>("tollgate_config_rejected", description: "Tenant configs that failed to compile; the previous one kept serving");
    public static readonly Counter<long> LogEntriesDropped = Meter.CreateCounter<long>("tollgate_log_entries_dropped", description: "Log entries dropped because a queue was full or its endpoint kept failing");
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("tollgate_proxy_requests", description: "Requests answered on the proxy port, by status class");
    private static readonly string[] Classes = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    public static void Answered(int status) =>
        Requests.Add(1, new KeyValuePair<string, object?>("code", Classes[Math.Clamp(status / 100 - 1, 0, 4)]));

    public static IServiceCollection AddTollgateMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // Per-request histograms of ASP.NET and HttpClient cost CPU on every proxied request; the gateway
            // counts its own requests, and Kestrel's connection gauges are cheap.
            .AddMeter(MeterName, Plugins.Prometheus.KongMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
            .AddView(instrument => instrument.Meter.Name == Plugins.Prometheus.KongMetrics.MeterName
                // Kong's buckets, and room for the series of many tenants' services, routes and consumers.
                ? instrument is Histogram<double>
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = Plugins.Prometheus.KongMetrics.LatencyBuckets, CardinalityLimit = 100_000 }
                    : new MetricStreamConfiguration { CardinalityLimit = 100_000 }
                : null)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Serves Prometheus' scrape endpoint at /metrics on the status port.</summary>
    public static IEndpointConventionBuilder MapTollgateMetrics(this IEndpointRouteBuilder app, int statusPort) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{statusPort}");
}
