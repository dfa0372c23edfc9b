using System.Globalization;
using System.Text.Json.Nodes;

namespace Tollgate.Analytics;

/// <summary>The analytics API's answers, built from stored rows: totals, series per group, and top-N lists, with latency percentiles merged across rows.</summary>
public static class UsageReport
{
    public static readonly string[] Groups = ["service", "route", "consumer", "status", "status_class", "source"];

    /// <summary>A row's group as a value (no string per row); its name is made once per group.</summary>
    private static (Guid Id, int Number) GroupOf(UsageStore.Row row, string? groupBy) => groupBy switch
    {
        "service" => (row.Service, 0),
        "route" => (row.Route, 0),
        "consumer" => (row.Consumer, 0),
        "status" => (Guid.Empty, row.Status),
        "status_class" => (Guid.Empty, row.Status / 100),
        "source" => (Guid.Empty, (int)row.Source),
        _ => default,
    };

    private static string NameOf((Guid Id, int Number) group, string? groupBy) => groupBy switch
    {
        "service" or "route" => group.Id.ToString(),
        "consumer" => group.Id == Guid.Empty ? "anonymous" : group.Id.ToString(),
        "status" => group.Number.ToString(CultureInfo.InvariantCulture),
        "status_class" => $"{group.Number}xx",
        "source" => UsageSources.Name((UsageSource)group.Number),
        _ => "all",
    };

    public static JsonObject Requests(List<UsageStore.Row> rows, long from, long to, string granularity, string? groupBy)
    {
        // One pass adds each row (decoding its histograms once) to its group's point; totals merge the points.
        var groups = new Dictionary<(Guid, int), SortedDictionary<long, Tally>>();
        foreach (var row in rows)
        {
            var key = GroupOf(row, groupBy);
            if (!groups.TryGetValue(key, out var series)) groups[key] = series = new SortedDictionary<long, Tally>();
            if (!series.TryGetValue(row.Bucket, out var point)) series[row.Bucket] = point = new Tally();
            point.Add(row);
        }
        var all = new Tally();
        var data = new JsonArray();
        foreach (var (key, series, total) in groups.Select(g => (g.Key, g.Value, Tally.Of(g.Value.Values))).OrderByDescending(g => g.Item3.Requests))
        {
            all.Add(total);
            data.Add(new JsonObject
            {
                ["group"] = NameOf(key, groupBy),
                ["totals"] = total.ToJson(),
                ["series"] = new JsonArray([.. series.Select(p =>
                {
                    var point = p.Value.ToJson();
                    point["time"] = p.Key;
                    return (JsonNode)point;
                })]),
            });
        }
        return new JsonObject
        {
            ["from"] = from, ["to"] = to, ["granularity"] = granularity, ["group_by"] = groupBy,
            ["totals"] = all.ToJson(), ["data"] = data,
        };
    }

    public static JsonObject Top(List<UsageStore.Row> rows, long from, long to, string by, int limit)
    {
        var groups = new Dictionary<(Guid, int), Tally>();
        foreach (var row in rows)
        {
            var key = GroupOf(row, by);
            if (!groups.TryGetValue(key, out var tally)) groups[key] = tally = new Tally();
            tally.Add(row);
        }
        return new JsonObject
        {
            ["from"] = from, ["to"] = to, ["by"] = by,
            ["data"] = new JsonArray([.. groups.OrderByDescending(g => g.Value.Requests).Take(limit).Select(g =>
            {
                var summary = g.Value.ToJson();
                summary[by] = NameOf(g.Key, by);
                return (JsonNode)summary;
            })]),
        };
    }

    /// <summary>Counts, bytes and merged latency histograms of some rows.</summary>
    private sealed class Tally
    {
        public long Requests;
        private long _clientErrors, _serverErrors, _billable, _bytesIn, _bytesOut;
        private readonly LatencyHistogram _latency = new(), _upstream = new(), _gateway = new();

        public static Tally Of(IEnumerable<Tally> parts)
        {
            var sum = new Tally();
            foreach (var part in parts) sum.Add(part);
            return sum;
        }

        public void Add(UsageStore.Row row)
        {
            Requests += row.Requests;
            if (row.Status is >= 400 and < 500) _clientErrors += row.Requests;
            if (row.Status >= 500) _serverErrors += row.Requests;
            if (UsageSources.Billable(row.Source)) _billable += row.Requests;
            _bytesIn += row.BytesIn;
            _bytesOut += row.BytesOut;
            _latency.AddEncoded(row.Latency);
            _upstream.AddEncoded(row.Upstream);
            _gateway.AddEncoded(row.Gateway);
        }

        public void Add(Tally other)
        {
            Requests += other.Requests;
            _clientErrors += other._clientErrors;
            _serverErrors += other._serverErrors;
            _billable += other._billable;
            _bytesIn += other._bytesIn;
            _bytesOut += other._bytesOut;
            _latency.Add(other._latency);
            _upstream.Add(other._upstream);
            _gateway.Add(other._gateway);
        }

        public JsonObject ToJson() => new()
        {
            ["requests"] = Requests,
            ["client_errors"] = _clientErrors,
            ["server_errors"] = _serverErrors,
            ["billable"] = _billable,
            ["bytes_in"] = _bytesIn,
            ["bytes_out"] = _bytesOut,
            ["latency_ms"] = Percentiles(_latency),
            ["upstream_latency_ms"] = Percentiles(_upstream),
            ["gateway_latency_ms"] = Percentiles(_gateway),
        };
    }

    private static JsonObject Percentiles(LatencyHistogram histogram)
    {
        var (p50, p95, p99) = histogram.Percentiles();
        return new JsonObject { ["p50"] = p50, ["p95"] = p95, ["p99"] = p99 };
    }
}
