using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>
/// Kong's rate-limiting: counts requests per consumer, credential, ip, service, header or path in fixed windows, on
/// this node (local) or across the cluster (cluster, and redis run as cluster), adds Kong's RateLimit headers, and
/// answers 429 (or the configured code) when over.
/// </summary>
public sealed class RateLimitingPlugin : GatewayPlugin<RateLimitingConfig>
{
    public override string Name => "rate-limiting";
    public override int Priority => 910;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.RateLimit;
    public override PluginSchema Schema => RateLimitingConfig.Schema;

    public override RateLimitingConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => RateLimitingConfig.From(instance, config);

    public override async ValueTask<bool> Access(PluginContext context, RateLimitingConfig config)
    {
        var counters = Counters(context, config);
        if (config.Cluster && !config.FaultTolerant && !counters.ClusterReachable)
        {
            await context.Respond(500, "An unexpected error occurred");
            return false;
        }
        var now = DateTime.UtcNow;
        Span<long> usage = stackalloc long[config.Limits.Count];
        var allowed = counters.TryAdd(config, Identifier(context, config), now, usage);
        var headers = Headers(config, usage, now, allowed);
        if (allowed)
        {
            (context.Items ??= [])[Name] = headers;
            return true;
        }
        foreach (var (name, value) in headers) context.Http.Response.Headers[name] = value;
        await context.Respond(config.ErrorCode, config.ErrorMessage);
        return false;
    }

    public override void HeaderFilter(PluginContext context, RateLimitingConfig config)
    {
        if (context.Items?.GetValueOrDefault(Name) is List<KeyValuePair<string, string>> headers)
        {
            foreach (var (name, value) in headers) context.Http.Response.Headers[name] = value;
        }
    }

    private RateLimitCounters Counters(PluginContext context, RateLimitingConfig config) => config.Cluster
        ? (RateLimitCounters)context.Slot.PluginState.GetOrAdd(Name + ":cluster", static (_, c) => c.Services.GetRequiredService<RateLimitSync>().For(c.Slot.Slug), context)
        : (RateLimitCounters)context.Slot.PluginState.GetOrAdd(Name, static _ => new RateLimitCounters());

    private static string Identifier(PluginContext context, RateLimitingConfig config) => config.LimitBy switch
    {
        "consumer" when context.Consumer is { } consumer => consumer.IdText,
        "credential" when context.CredentialId is { } credential => credential.ToString(),
        "service" when context.Match.Route.Service is { } service => service.Id.ToString(),
        "consumer-group" when context.Consumer?.Groups is [var group, ..] => group.ToString(),
        "header" when config.HeaderName is not null && context.Http.Request.Headers[config.HeaderName].FirstOrDefault() is { } value => value,
        "path" when config.Path is not null && context.Http.Request.Path.Value == config.Path => config.Path,
        // Kong falls back to the client's address when the chosen identifier is missing.
        _ => context.Http.Connection.RemoteIpAddress?.ToString() ?? "",
    };

    private static List<KeyValuePair<string, string>> Headers(RateLimitingConfig config, ReadOnlySpan<long> usage, DateTime now, bool allowed)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (config.HideClientHeaders && allowed) return headers;
        var tightest = -1;
        long tightestRemaining = long.MaxValue;
        for (var i = 0; i < config.Limits.Count; i++)
        {
            var (period, limit) = config.Limits[i];
            var remaining = Math.Max(0, limit - usage[i]);
            if (remaining < tightestRemaining || (remaining == tightestRemaining && tightest >= 0 && limit < config.Limits[tightest].Limit))
            {
                (tightest, tightestRemaining) = (i, remaining);
            }
            if (config.HideClientHeaders) continue;
            headers.Add(new($"X-RateLimit-Limit-{period.Header}", limit.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new($"X-RateLimit-Remaining-{period.Header}", remaining.ToString(CultureInfo.InvariantCulture)));
        }
        var (tightPeriod, tightLimit) = config.Limits[tightest];
        var reset = (long)Math.Ceiling((tightPeriod.Window(now).End - now).TotalSeconds);
        if (!config.HideClientHeaders)
        {
            headers.Add(new("RateLimit-Limit", tightLimit.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new("RateLimit-Remaining", tightestRemaining.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new("RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture)));
        }
        if (!allowed) headers.Add(new("Retry-After", reset.ToString(CultureInfo.InvariantCulture)));
        return headers;
    }
}
