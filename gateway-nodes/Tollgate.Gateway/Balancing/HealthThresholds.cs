using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Balancing;

/// <summary>One side (active or passive) of an upstream's Kong healthchecks: which statuses count and how many make a change.</summary>
public sealed record HealthThresholds(
    IReadOnlySet<int> HealthyStatuses,
    int Successes,
    IReadOnlySet<int> UnhealthyStatuses,
    int HttpFailures,
    int TcpFailures,
    int Timeouts)
{
    /// <summary>Whether these thresholds can ever change a target's health (Kong: any counter above zero).</summary>
    public bool Enabled => Successes > 0 || HttpFailures > 0 || TcpFailures > 0 || Timeouts > 0;

    public static HealthThresholds From(JsonNode? side) => new(
        Statuses(side?["healthy"]?["http_statuses"]),
        Int(side?["healthy"]?["successes"]),
        Statuses(side?["unhealthy"]?["http_statuses"]),
        Int(side?["unhealthy"]?["http_failures"]),
        Int(side?["unhealthy"]?["tcp_failures"]),
        Int(side?["unhealthy"]?["timeouts"]));

    private static int Int(JsonNode? node) => node is null ? 0 : (int)node.GetValue<long>();

    private static IReadOnlySet<int> Statuses(JsonNode? node) =>
        (node as JsonArray ?? []).Select(s => (int)s!.GetValue<long>()).ToHashSet();
}

/// <summary>An upstream's active probing: path, timeout and how often healthy and unhealthy targets are probed.</summary>
public sealed record ActiveProbe(string Type, string HttpPath, TimeSpan Timeout, TimeSpan HealthyInterval, TimeSpan UnhealthyInterval, HealthThresholds Thresholds)
{
    public bool Enabled => HealthyInterval > TimeSpan.Zero || UnhealthyInterval > TimeSpan.Zero;

    public static ActiveProbe From(JsonNode? active) => new(
        active?["type"]?.GetValue<string>() ?? "http",
        active?["http_path"]?.GetValue<string>() ?? "/",
        TimeSpan.FromSeconds(active?["timeout"]?.GetValue<long>() ?? 1),
        TimeSpan.FromSeconds(active?["healthy"]?["interval"]?.GetValue<long>() ?? 0),
        TimeSpan.FromSeconds(active?["unhealthy"]?["interval"]?.GetValue<long>() ?? 0),
        HealthThresholds.From(active));
}
