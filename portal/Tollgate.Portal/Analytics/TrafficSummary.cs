using System.Globalization;
using System.Text.Json.Nodes;

namespace Tollgate.Portal.Analytics;

/// <summary>A time range the dashboard offers, with the granularity that gives it a readable number of points.</summary>
public sealed record TrafficRange(string Label, TimeSpan Length, string Granularity, int BucketSeconds)
{
    public static readonly TrafficRange LastHour = new("Last hour", TimeSpan.FromHours(1), "minute", 60);
    public static readonly TrafficRange LastDay = new("Last 24 hours", TimeSpan.FromDays(1), "hour", 3600);
    public static readonly TrafficRange LastWeek = new("Last 7 days", TimeSpan.FromDays(7), "hour", 3600);
    public static readonly TrafficRange LastMonth = new("Last 30 days", TimeSpan.FromDays(30), "day", 86400);
    public static readonly IReadOnlyList<TrafficRange> All = [LastHour, LastDay, LastWeek, LastMonth];

    /// <summary>Whole buckets ending with the one now is in.</summary>
    public (long From, long To) Window(DateTimeOffset now)
    {
        var to = (now.ToUnixTimeSeconds() / BucketSeconds + 1) * BucketSeconds;
        return (to - (long)Length.TotalSeconds, to);
    }
}

/// <summary>One busy route or consumer: its name and its requests.</summary>
public sealed record TopEntry(string Name, long Requests, double ErrorRate);

/// <summary>
/// What the dashboard shows, shaped from the analytics report (the same JSON as GET /{tenant}/analytics/requests):
/// totals, error rate, p95 latency, and a requests series with a point for every bucket, empty ones included.
/// </summary>
public sealed record TrafficSummary(long Requests, double ErrorRate, double? P95Ms, IReadOnlyList<string> Labels, IReadOnlyList<double> Series, IReadOnlyList<double> Errors)
{
    /// <summary>At most this many labels under the chart; the others are left blank so they stay readable.</summary>
    public const int MaxLabels = 12;

    public static TrafficSummary From(JsonObject report, TrafficRange range)
    {
        var totals = report["totals"]!;
        var requests = totals["requests"]!.GetValue<long>();
        var from = report["from"]!.GetValue<long>();
        var to = report["to"]!.GetValue<long>();
        var buckets = (int)((to - from) / range.BucketSeconds);
        var series = new double[buckets];
        var errors = new double[buckets];
        foreach (var group in report["data"]!.AsArray())
        {
            foreach (var point in group!["series"]!.AsArray())
            {
                var index = (int)((point!["time"]!.GetValue<long>() - from) / range.BucketSeconds);
                if (index < 0 || index >= buckets) continue;
                series[index] += point["requests"]!.GetValue<long>();
                errors[index] += ErrorsOf(point);
            }
        }
        var step = Math.Max(1, (int)Math.Ceiling(buckets / (double)MaxLabels));
        var labels = Enumerable.Range(0, buckets)
            .Select(i => i % step == 0 ? Label(DateTimeOffset.FromUnixTimeSeconds(from + (long)i * range.BucketSeconds), range) : "")
            .ToList();
        var p95 = totals["latency_ms"]?["p95"] is JsonValue value ? value.GetValue<double>() : (double?)null;
        return new TrafficSummary(requests, requests == 0 ? 0 : ErrorsOf(totals) / requests, requests == 0 ? null : p95, labels, series, errors);
    }

    /// <summary>The busiest entries of a top report (GET /{tenant}/analytics/top), with ids turned into names.</summary>
    public static IReadOnlyList<TopEntry> Top(JsonObject report, string by, IReadOnlyDictionary<string, string> names) =>
        [.. report["data"]!.AsArray().Select(entry =>
        {
            var id = entry![by]?.GetValue<string>() ?? "";
            var requests = entry["requests"]!.GetValue<long>();
            return new TopEntry(names.GetValueOrDefault(id, id.Length == 0 ? "(none)" : id), requests, requests == 0 ? 0 : ErrorsOf(entry) / requests);
        })];

    private static double ErrorsOf(JsonNode tally) => tally["client_errors"]!.GetValue<long>() + tally["server_errors"]!.GetValue<long>();

    private static string Label(DateTimeOffset time, TrafficRange range) => time.ToString(range.Granularity switch
    {
        "minute" => "HH:mm",
        "hour" when range.Length <= TimeSpan.FromDays(1) => "HH:00",
        "hour" => "MM-dd HH:00",
        _ => "MM-dd",
    }, CultureInfo.InvariantCulture);
}
