using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>Kong's rate-limiting config: a limit per period, what to count by, the counting policy, and how to answer when over.</summary>
public sealed record RateLimitingConfig(
    Guid Instance,
    IReadOnlyList<(RatePeriod Period, long Limit)> Limits,
    string LimitBy,
    string? HeaderName,
    string? Path,
    bool Cluster,
    bool FaultTolerant,
    TimeSpan SyncInterval,
    bool HideClientHeaders,
    int ErrorCode,
    string ErrorMessage)
{
    /// <summary>How often a node sends its counts to the cluster when sync_rate does not say (Kong's -1).</summary>
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromMilliseconds(100);

    private static readonly string[] Periods = [.. RatePeriod.All.Select(p => p.Name)];

    public static readonly PluginSchema Schema = new(
    [
        .. RatePeriod.All.Select(p => Positive(p.Name)),
        Choice("limit_by", "consumer", "consumer", "credential", "ip", "service", "header", "path", "consumer-group"),
        Text("header_name") with { Rule = Rules.HeaderName },
        Text("path") with { Rule = Rules.RoutePath },
        Choice("policy", "local", "local", "cluster", "redis"),
        Flag("fault_tolerant", true),
        new Field("redis", FieldKind.Any) { Rule = v => v is JsonObject ? null : "expected a record" },
        Text("redis_host"),
        Whole("redis_port", null, 0, 65535),
        Text("redis_password"),
        Text("redis_username"),
        Whole("redis_timeout"),
        Whole("redis_database"),
        Flag("redis_ssl", false),
        Flag("redis_ssl_verify", false),
        Text("redis_server_name"),
        Flag("hide_client_headers", false),
        Whole("error_code", 429, 1),
        Text("error_message", "API rate limit exceeded"),
        new Field("sync_rate", FieldKind.Number) { Default = -1 },
    ])
    {
        Checks = Check,
    };

    private static IEnumerable<string> Check(JsonObject config)
    {
        foreach (var failure in PluginSchema.AtLeastOneOf(Periods)(config)) yield return failure;
        double? previous = null;
        string? previousName = null;
        foreach (var period in Periods)
        {
            if (config.Number(period) is not { } limit) continue;
            if (previous is { } lower && limit < lower)
            {
                yield return $"The limit for {period}({limit:0.0}) cannot be lower than the limit for {previousName}({lower:0.0})";
            }
            (previous, previousName) = (limit, period);
        }
        if (config.String("limit_by") == "header" && config["header_name"] is null) yield return "'config.header_name' is required when 'config.limit_by' is 'header'";
        if (config.String("limit_by") == "path" && config["path"] is null) yield return "'config.path' is required when 'config.limit_by' is 'path'";
    }

    public static RateLimitingConfig From(Guid instance, JsonObject config)
    {
        var syncRate = config.Number("sync_rate") ?? -1;
        return new RateLimitingConfig(
            instance,
            [.. RatePeriod.All.Where(p => config.Number(p.Name) is not null).Select(p => (p, (long)config.Number(p.Name)!.Value))],
            config.String("limit_by")!,
            config.String("header_name"),
            config.String("path"),
            // Redis is not part of the platform: its policy runs as cluster, which gives the same shared counts.
            config.String("policy") != "local",
            config.Bool("fault_tolerant"),
            syncRate > 0 ? TimeSpan.FromSeconds(syncRate) : DefaultSyncInterval,
            config.Bool("hide_client_headers"),
            (int)config.Number("error_code")!.Value,
            config.String("error_message")!);
    }
}
