namespace Tollgate.Billing;

/// <summary>
/// What a plan gives a tenant: requests included per calendar month (UTC) and what happens past them (a hard cap,
/// or overage billed per million), the gateway's rate and concurrency ceilings, analytics retention, and how many
/// services, routes and consumers it may configure. Plans are data (<see cref="PlanCatalog"/>), not code.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.Plan")]
public sealed record Plan
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public long IncludedRequests { get; init; }
    /// <summary>True: traffic stops at the included requests (429). False: requests past them are billed as overage.</summary>
    [Id(2)] public bool HardCap { get; init; }
    [Id(3)] public long OverageCentsPerMillion { get; init; }
    [Id(4)] public long MonthlyPriceCents { get; init; }
    /// <summary>Requests per second a gateway node admits for the tenant, across all its routes.</summary>
    [Id(5)] public int RequestsPerSecond { get; init; }
    /// <summary>Requests in flight a gateway node admits for the tenant.</summary>
    [Id(6)] public int Concurrency { get; init; }
    [Id(7)] public int AnalyticsRetentionDays { get; init; }
    [Id(8)] public int MaxServices { get; init; }
    [Id(9)] public int MaxRoutes { get; init; }
    [Id(10)] public int MaxConsumers { get; init; }
    /// <summary>The Stripe price of the plan's metered usage (tied to the Billing Meter), when billing runs on Stripe.</summary>
    [Id(11)] public string? StripePriceId { get; init; }
    /// <summary>The Stripe price of the plan's monthly fee, when it has one.</summary>
    [Id(12)] public string? StripeBasePriceId { get; init; }

    /// <summary>A plan with a price is billed through a subscription; the others are free.</summary>
    public bool IsPaid => MonthlyPriceCents > 0 || OverageCentsPerMillion > 0 && !HardCap;

    /// <summary>The entity limit of a collection, or null when the plan does not limit it.</summary>
    public int? LimitOf(string collection) => collection switch
    {
        "services" => MaxServices,
        "routes" => MaxRoutes,
        "consumers" => MaxConsumers,
        _ => null,
    };
}
