using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>Kong's rate-limiting config: a limit per period, what to count by, and how to answer when over.</summary>
public sealed record RateLimitingConfig(
    Guid Instance,
    IReadOnlyList<(RatePeriod Period, long Limit)> Limits,
    string LimitBy,
    string? HeaderName,
    string? Path,
    string Policy,
    bool HideClientHeaders,
    int ErrorCode,
    string ErrorMessage)
{
    public static RateLimitingConfig From(Guid instance, JsonObject config)
    {
        var limits = RatePeriod.All
            .Select(p => (Period: p, Limit: config.Number(p.Name)))
            .Where(l => l.Limit is > 0)
            .Select(l => (l.Period, (long)l.Limit!.Value))
            .ToList();
        if (limits.Count == 0)
        {
            throw new FormatException("rate-limiting needs at least one of second, minute, hour, day, month or year");
        }
        return new RateLimitingConfig(
            instance,
            limits,
            config.String("limit_by", "consumer")!,
            config.String("header_name"),
            config.String("path"),
            config.String("policy", "local")!,
            config.Bool("hide_client_headers", false),
            (int)(config.Number("error_code") ?? 429),
            config.String("error_message", "API rate limit exceeded")!);
    }
}
