using System.Text.Json.Nodes;
using Tollgate.Analytics;

namespace Tollgate.Portal.Analytics;

/// <summary>A tenant's traffic for the console and the developer portal, through the same store and report as the analytics Admin API.</summary>
public sealed class ConsoleAnalytics(UsageStore store, TimeProvider clock)
{
    /// <summary>Totals and the requests series over the range, optionally for one consumer, route or service.</summary>
    public async Task<TrafficSummary> Summary(string tenant, TrafficRange range, UsageFilter? filter = null)
    {
        var (from, to) = range.Window(clock.GetUtcNow());
        var rows = await store.Read(tenant, UsageStore.Granularities[range.Granularity], from, to, filter ?? new UsageFilter());
        return TrafficSummary.From(UsageReport.Requests(rows, from, to, range.Granularity, null), range);
    }

    /// <summary>The five busiest routes, consumers or services over the range (ids; names come from the tenant).</summary>
    public async Task<JsonObject> Top(string tenant, TrafficRange range, string by)
    {
        var (from, to) = range.Window(clock.GetUtcNow());
        var rows = await store.Read(tenant, UsageStore.Granularities[range.Granularity], from, to, new UsageFilter(), by);
        return UsageReport.Top(rows, from, to, by, 5);
    }
}
