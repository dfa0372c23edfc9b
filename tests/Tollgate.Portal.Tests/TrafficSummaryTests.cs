using System.Text.Json.Nodes;
using Tollgate.Portal.Analytics;

namespace Tollgate.Portal;

/// <summary>How the dashboard shapes the analytics report into figures and a chart.</summary>
public class TrafficSummaryTests
{
    private static JsonObject Tally(long requests, long clientErrors, long serverErrors, double? p95 = null) => new()
    {
        ["requests"] = requests,
        ["client_errors"] = clientErrors,
        ["server_errors"] = serverErrors,
        ["latency_ms"] = new JsonObject { ["p50"] = p95 / 2, ["p95"] = p95, ["p99"] = p95 },
    };

    [Fact]
    public void Every_bucket_gets_a_point_and_errors_and_p95_come_from_the_totals()
    {
        var from = 1_800_000_000L / 60 * 60;
        var point = (JsonObject p, long time) => { p["time"] = time; return p; };
        var report = new JsonObject
        {
            ["from"] = from,
            ["to"] = from + 3600,
            ["totals"] = Tally(40, 3, 1, 12.5),
            ["data"] = new JsonArray(new JsonObject
            {
                ["series"] = new JsonArray(point(Tally(10, 1, 0), from), point(Tally(30, 2, 1), from + 59 * 60)),
            }),
        };

        var summary = TrafficSummary.From(report, TrafficRange.LastHour);

        Assert.Equal(40, summary.Requests);
        Assert.Equal(0.1, summary.ErrorRate, 6);
        Assert.Equal(12.5, summary.P95Ms);
        Assert.Equal(60, summary.Series.Count);
        Assert.Equal((10.0, 30.0, 0.0), (summary.Series[0], summary.Series[59], summary.Series[30]));
        Assert.Equal((1.0, 3.0), (summary.Errors[0], summary.Errors[59]));
        // At most twelve labels, evenly spaced; the rest blank.
        Assert.Equal(60, summary.Labels.Count);
        Assert.InRange(summary.Labels.Count(l => l.Length > 0), 1, TrafficSummary.MaxLabels);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(from).ToString("HH:mm"), summary.Labels[0]);
    }

    [Fact]
    public void No_traffic_has_no_error_rate_and_no_latency()
    {
        var report = new JsonObject { ["from"] = 0L, ["to"] = 86400L * 30, ["totals"] = Tally(0, 0, 0), ["data"] = new JsonArray() };
        var summary = TrafficSummary.From(report, TrafficRange.LastMonth);
        Assert.Equal((0L, 0.0, (double?)null), (summary.Requests, summary.ErrorRate, summary.P95Ms));
        Assert.Equal(30, summary.Series.Count);
        Assert.All(summary.Series, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Top_entries_are_named_and_unknown_ids_stay_visible()
    {
        var id = Guid.NewGuid().ToString();
        var gone = Guid.NewGuid().ToString();
        JsonObject Entry(string route, long requests, long errors) { var t = Tally(requests, errors, 0); t["route"] = route; return t; }
        var report = new JsonObject { ["data"] = new JsonArray(Entry(id, 20, 5), Entry(gone, 4, 0)) };
        var top = TrafficSummary.Top(report, "route", new Dictionary<string, string> { [id] = "orders-route" });
        Assert.Equal([new TopEntry("orders-route", 20, 0.25), new TopEntry(gone, 4, 0)], top);
    }

    [Fact]
    public void A_window_ends_with_the_current_bucket()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_030);
        var (from, to) = TrafficRange.LastHour.Window(now);
        Assert.Equal((1_800_000_000 + 60 - 3600, 1_800_000_060), (from, to));
    }
}
