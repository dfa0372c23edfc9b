using System.Globalization;
using System.Text.Json.Nodes;

namespace Tollgate.Analytics;

/// <summary>The analytics API's answers, built from stored rows: totals, series per group, and top-N lists, with latency percentiles merged across rows.</summary>
public static class UsageReport
{
    public static readonly string[] Groups = ["service", "route", "consumer", "status", "status_class", "source"];

    private static string GroupOf(UsageStore.Row row, string? groupBy) => groupBy switch
    {
        "service" => row.Service.ToString(),
        "route" => row.Route.ToString(),
        "consumer" => row.Consumer == Guid.Empty ? "anonymous" : row.Consumer.ToString(),
        "status" => row.Status.ToString(CultureInfo.InvariantCulture),
        "status_class" => $"{row.Status / 100}xx",
        "source" => UsageSources.Name(row.Source),
        _ => "all",
    };

    public static JsonObject Requests(List<UsageStore.Row> rows, long from, long to, string granularity, string? groupBy)
    {
        var groups = new JsonArray();
        foreach (var group in rows.GroupBy(r => GroupOf(r, groupBy)).OrderByDescending(g => g.Sum(r => r.Requests)))
        {
            var series = new JsonArray([.. group.GroupBy(r => r.Bucket).OrderBy(b => b.Key).Select(b =>
            {
                var point = Summary(b);
                point["time"] = b.Key;
                return (JsonNode)point;
            })]);
            groups.Add(new JsonObject { ["group"] = group.Key, ["totals"] = Summary(group), ["series"] = series });
        }
        return new JsonObject
        {
            ["from"] = from, ["to"] = to, ["granularity"] = granularity, ["group_by"] = groupBy,
            ["totals"] = Summary(rows), ["data"] = groups,
        };
    }

    public static JsonObject Top(List<UsageStore.Row> rows, long from, long to, string by, int limit) => new()
    {
        ["from"] = from, ["to"] = to, ["by"] = by,
        ["data"] = new JsonArray([.. rows.GroupBy(r => GroupOf(r, by)).Select(g => (Key: g.Key, Summary: Summary(g)))
            .OrderByDescending(g => g.Summary["requests"]!.GetValue<long>()).Take(limit)
            .Select(g =>
            {
                g.Summary[by] = g.Key;
                return (JsonNode)g.Summary;
            })]),
    };

    /// <summary>Counts, bytes and merged latency percentiles of some rows.</summary>
    private static JsonObject Summary(IEnumerable<UsageStore.Row> rows)
    {
        long requests = 0, clientErrors = 0, serverErrors = 0, billable = 0, bytesIn = 0, bytesOut = 0;
        var latency = new LatencyHistogram();
        var upstream = new LatencyHistogram();
        var gateway = new LatencyHistogram();
        foreach (var row in rows)
        {
            requests += row.Requests;
            if (row.Status is >= 400 and < 500) clientErrors += row.Requests;
            if (row.Status >= 500) serverErrors += row.Requests;
            if (UsageSources.Billable(row.Source)) billable += row.Requests;
            bytesIn += row.BytesIn;
            bytesOut += row.BytesOut;
            latency.AddEncoded(row.Latency);
            upstream.AddEncoded(row.Upstream);
            gateway.AddEncoded(row.Gateway);
        }
        return new JsonObject
        {
            ["requests"] = requests,
            ["client_errors"] = clientErrors,
            ["server_errors"] = serverErrors,
            ["billable"] = billable,
            ["bytes_in"] = bytesIn,
            ["bytes_out"] = bytesOut,
            ["latency_ms"] = Percentiles(latency),
            ["upstream_latency_ms"] = Percentiles(upstream),
            ["gateway_latency_ms"] = Percentiles(gateway),
        };
    }

    private static JsonObject Percentiles(LatencyHistogram histogram) => new()
    {
        ["p50"] = histogram.Percentile(0.50),
        ["p95"] = histogram.Percentile(0.95),
        ["p99"] = histogram.Percentile(0.99),
    };
}
