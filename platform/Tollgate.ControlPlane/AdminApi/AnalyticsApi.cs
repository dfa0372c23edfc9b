using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Analytics;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// A tenant's traffic, from the usage rollups: <c>GET /{tenant}/analytics/requests</c> (totals and a time series,
/// optionally one per group) and <c>GET /{tenant}/analytics/top</c> (the busiest consumers, routes or services).
/// Both take <c>from</c>/<c>to</c> (unix seconds or ISO 8601), <c>granularity</c> (minute, hour, day) and any of
/// the filters <c>service</c>, <c>route</c>, <c>consumer</c>, <c>status_class</c> (2xx…5xx), <c>source</c>.
/// </summary>
public static class AnalyticsApi
{
    private const int MaxPoints = 10_000;

    public static async Task<IResult> Handle(HttpContext context, string tenant, string[] segments)
    {
        if (!HttpMethods.IsGet(context.Request.Method)) return AdminResults.MethodNotAllowed();
        var query = context.Request.Query;
        var errors = new FieldErrors();
        var (from, to, granularity, filter) = Window(query, errors);
        var groupBy = query["group_by"].FirstOrDefault();
        if (groupBy is not null && !UsageReport.Groups.Contains(groupBy)) errors.Add("group_by", $"expected one of: {string.Join(", ", UsageReport.Groups)}");
        var by = segments is ["analytics", "top"] ? query["by"].FirstOrDefault() ?? "consumer" : null;
        if (by is not null && by is not ("consumer" or "route" or "service")) errors.Add("by", "expected one of: consumer, route, service");
        var limit = 10;
        if (query["limit"].FirstOrDefault() is { } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000)) errors.Add("limit", "expected an integer between 1 and 1000");
        if (segments is not (["analytics", "requests"] or ["analytics", "top"])) return AdminResults.Send(KongError.NotFound());
        if (!errors.IsEmpty) return AdminResults.Send(KongError.SchemaViolation(errors));

        var store = context.RequestServices.GetRequiredService<UsageStore>();
        var rows = by is null || granularity == "minute"
            ? await store.Read(tenant, UsageStore.Granularities[granularity], from, to, filter, by ?? groupBy, context.RequestAborted)
            : await store.ReadTotals(tenant, from, to, filter, by, context.RequestAborted);
        var body = by is null ? UsageReport.Requests(rows, from, to, granularity, groupBy) : UsageReport.Top(rows, from, to, by, limit);
        return AdminResults.Send(new AdminResponse(200, body.ToJsonString(KongJson.Options)));
    }

    private static (long From, long To, string Granularity, UsageFilter Filter) Window(IQueryCollection query, FieldErrors errors)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var to = Time(query, "to", errors) ?? now;
        var from = Time(query, "from", errors) ?? to - 86400;
        if (from >= to) errors.Add("from", "must be before 'to'");
        var granularity = query["granularity"].FirstOrDefault() ?? "hour";
        if (!UsageStore.Granularities.TryGetValue(granularity, out var seconds)) errors.Add("granularity", "expected one of: minute, hour, day");
        else if ((to - from) / seconds > MaxPoints) errors.Add("granularity", $"more than {MaxPoints} points in the range; choose a coarser granularity");
        else (from, to) = (from / seconds * seconds, (to + seconds - 1) / seconds * seconds);
        var filter = new UsageFilter(
            Id(query, "service", errors), Id(query, "route", errors), Id(query, "consumer", errors), StatusClass(query, errors),
            query["source"].FirstOrDefault() is { } source ? UsageSources.Parse(source) ?? Invalid<UsageSource>(errors, "source", "expected one of: upstream, auth, rate_limit, quota, error, gateway") : null);
        return (from, to, granularity, filter);
    }

    private static T? Invalid<T>(FieldErrors errors, string field, string rule) where T : struct
    {
        errors.Add(field, rule);
        return null;
    }

    private static long? Time(IQueryCollection query, string field, FieldErrors errors)
    {
        if (query[field].FirstOrDefault() is not { } text) return null;
        if (long.TryParse(text, out var seconds)) return seconds;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time.ToUnixTimeSeconds();
        errors.Add(field, "expected unix seconds or an ISO 8601 time");
        return null;
    }

    private static Guid? Id(IQueryCollection query, string field, FieldErrors errors)
    {
        if (query[field].FirstOrDefault() is not { } text) return null;
        return Guid.TryParse(text, out var id) ? id : Invalid<Guid>(errors, field, "expected a UUID");
    }

    private static int? StatusClass(IQueryCollection query, FieldErrors errors)
    {
        if (query["status_class"].FirstOrDefault() is not { } text) return null;
        return text is [var digit and >= '1' and <= '5', 'x', 'x'] ? digit - '0' : Invalid<int>(errors, "status_class", "expected one of: 1xx, 2xx, 3xx, 4xx, 5xx");
    }
}
