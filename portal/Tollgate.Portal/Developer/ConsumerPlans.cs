using System.Text.Json.Nodes;
using Tollgate.Analytics;
using Tollgate.Gateway.Plugins.RateLimiting;
using Tollgate.Portal.Components;
using Tollgate.Tenants;

namespace Tollgate.Portal.Developer;

/// <summary>A plan a developer can pick for an application: a consumer group and the rate limits its plugin sets.</summary>
public sealed record ConsumerPlan(string Id, string Name, IReadOnlyList<(RatePeriod Period, long Limit)> Limits)
{
    public string Describe() => Limits.Count == 0 ? "no limits" : string.Join(", ", Limits.Select(l => $"{l.Limit:N0} / {l.Period.Name}"));
}

/// <summary>How much of a limit is left in its window now.</summary>
public sealed record QuotaLeft(RatePeriod Period, long Limit, long Used)
{
    public long Remaining => Math.Max(0, Limit - Used);
}

/// <summary>
/// Where a tenant sells plans to developers (Kong's consumer groups with rate-limiting, as Konnect's portal tiers): the
/// groups tagged <see cref="Tag"/> are offered in the portal, an application joins the one picked, and its usage page
/// shows what is left of the plan's limits in their current windows, counted from analytics.
/// </summary>
public sealed class ConsumerPlans(IGrainFactory grains, UsageStore usage, TimeProvider clock)
{
    public const string Tag = "portal-plan";

    public async Task<IReadOnlyList<ConsumerPlan>> Offered(string tenant)
    {
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        var groups = AdminReplies.Data(await grain.List(new EntityAddress("consumer_groups"), new ListQuery(1000, Tags: Tag)));
        var limits = AdminReplies.Data(await grain.List(new EntityAddress("plugins"), new ListQuery(1000)))
            .Where(p => p["name"]?.GetValue<string>() == "rate-limiting" && p["consumer_group"]?["id"] is not null && p["enabled"]?.GetValue<bool>() != false)
            .ToDictionary(p => p["consumer_group"]!["id"]!.GetValue<string>(), p => p["config"]!);
        return [.. groups.Select(g =>
        {
            var id = g["id"]!.GetValue<string>();
            var config = limits.GetValueOrDefault(id);
            return new ConsumerPlan(id, g["name"]!.GetValue<string>(),
                [.. RatePeriod.All.Where(p => config?[p.Name] is JsonValue).Select(p => (p, (long)config![p.Name]!.GetValue<double>()))]);
        })];
    }

    /// <summary>The plan an application (consumer) is on, if it is on one the portal offers.</summary>
    public async Task<ConsumerPlan?> Of(string tenant, string consumer, IReadOnlyList<ConsumerPlan> offered)
    {
        var answer = await grains.GetGrain<ITenantGrain>(tenant).ListMembership("consumers", consumer);
        if (!answer.IsSuccess) return null;
        var groups = AdminReplies.Data(answer).Select(g => g["id"]?.GetValue<string>()).ToHashSet();
        return offered.FirstOrDefault(p => groups.Contains(p.Id));
    }

    /// <summary>What is left of each limit of the plan in the window now, from the consumer's requests there (429s not counted).</summary>
    public async Task<IReadOnlyList<QuotaLeft>> Left(string tenant, Guid consumer, ConsumerPlan plan)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var left = new List<QuotaLeft>();
        foreach (var (period, limit) in plan.Limits.Where(l => l.Period.Index >= RatePeriod.Minute.Index))
        {
            var (start, _) = period.Window(now);
            var granularity = period.Index <= RatePeriod.Hour.Index ? "minute" : period == RatePeriod.Day ? "hour" : "day";
            var from = new DateTimeOffset(start).ToUnixTimeSeconds();
            var rows = await usage.Read(tenant, UsageStore.Granularities[granularity], from, new DateTimeOffset(now).ToUnixTimeSeconds() + 1,
                new UsageFilter(Consumer: consumer));
            left.Add(new QuotaLeft(period, limit, rows.Where(r => r.Status != 429).Sum(r => r.Requests)));
        }
        return left;
    }
}
