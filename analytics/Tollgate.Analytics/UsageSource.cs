namespace Tollgate.Analytics;

/// <summary>Who answered a request: the upstream, or the gateway and why.</summary>
public enum UsageSource : byte
{
    /// <summary>The upstream service answered (whatever its status).</summary>
    Upstream = 0,
    /// <summary>An auth plugin refused the request (401/403).</summary>
    Auth = 1,
    /// <summary>A rate limit refused it (429).</summary>
    RateLimit = 2,
    /// <summary>The tenant's monthly quota was used up (429), or its account is suspended for non-payment (402).</summary>
    Quota = 3,
    /// <summary>The gateway could not reach the upstream or had no route (404, 502, 503, 504).</summary>
    Error = 4,
    /// <summary>Another plugin answered (request-termination, ip-restriction, a cache hit, a CORS preflight).</summary>
    Gateway = 5,
}

public static class UsageSources
{
    public static string Name(UsageSource source) => source switch
    {
        UsageSource.Upstream => "upstream",
        UsageSource.Auth => "auth",
        UsageSource.RateLimit => "rate_limit",
        UsageSource.Quota => "quota",
        UsageSource.Error => "error",
        _ => "gateway",
    };

    public static UsageSource? Parse(string name) => name switch
    {
        "upstream" => UsageSource.Upstream,
        "auth" => UsageSource.Auth,
        "rate_limit" => UsageSource.RateLimit,
        "quota" => UsageSource.Quota,
        "error" => UsageSource.Error,
        "gateway" => UsageSource.Gateway,
        _ => null,
    };

    /// <summary>Billable: the request reached the tenant's upstream, or was answered by its own gateway plugins (a cache hit, a termination). Refusals by auth, rate limits and quota, and gateway errors, are not billed.</summary>
    public static bool Billable(UsageSource source) => source is UsageSource.Upstream or UsageSource.Gateway;
}
