using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Analytics;
using Tollgate.Storage;

// Seeds a tenant with 30 days of traffic at 1,000,000 requests a day, spread over routes × consumers × statuses as
// the gateway's batches would, then times the dashboard's queries: 30 days at hour granularity, in total, by route
// and by consumer, and the top 10 consumers. Usage:
//   dotnet run -c Release --project tests/Tollgate.Analytics.Benchmarks [-- --postgres "<connection string>"] [--routes 5] [--consumers 20]
var arguments = args.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i);
string? Option(string name) => arguments.TryGetValue(name, out var i) && i + 1 < args.Length ? args[i + 1] : null;
var routes = int.Parse(Option("--routes") ?? "5");
var consumers = int.Parse(Option("--consumers") ?? "20");
int[] statuses = [200, 404, 500];
const int Days = 30;
const long PerDay = 1_000_000;

var database = Option("--postgres") is { } connection ? Database.Postgres(connection) : Database.Sqlite(Directory.CreateTempSubdirectory("tollgate-analytics-bench-").FullName);
await Migrations.ApplyAsync(database, NullLogger.Instance);
var store = new UsageStore(database);
var tenant = "bench-" + Guid.NewGuid().ToString("N")[..8];
var routeIds = Enumerable.Range(0, routes).Select(_ => Guid.NewGuid()).ToArray();
var consumerIds = Enumerable.Range(0, consumers).Select(_ => Guid.NewGuid()).ToArray();
var service = Guid.NewGuid();
var combos = routes * consumers * statuses.Length;
var perRow = PerDay / 24 / combos;

var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600;
var seeding = Stopwatch.StartNew();
long sequence = 0;
for (var hour = now - Days * 86400L; hour < now; hour += 3600)
{
    var latency = new LatencyHistogram();
    for (var i = 0; i < 50; i++) latency.Record(2 + i * 0.7);
    var encoded = latency.Encode();
    var rows = (from r in routeIds from c in consumerIds from s in statuses
                select new UsageRow(hour / 60, service, r, c, s, UsageSource.Upstream, perRow, perRow * 200, perRow * 900, encoded, encoded, encoded)).ToList();
    await store.Record(new UsageBatch("seed", ++sequence, tenant, rows));
}
Console.WriteLine($"seeded {Days} days × 24 h × {combos} combinations ({perRow * combos * 24:N0} requests/day) on {database.Kind} in {seeding.Elapsed.TotalSeconds:0.0} s");

var from = now - Days * 86400L;
var queries = new (string Name, string? Group, UsageFilter Filter, Func<List<UsageStore.Row>, object> Build, bool Totals)[]
{
    ("totals + hourly series", null, new UsageFilter(), rows => UsageReport.Requests(rows, from, now, "hour", null), false),
    ("by route", "route", new UsageFilter(), rows => UsageReport.Requests(rows, from, now, "hour", "route"), false),
    ("by consumer", "consumer", new UsageFilter(), rows => UsageReport.Requests(rows, from, now, "hour", "consumer"), false),
    ("top 10 consumers", "consumer", new UsageFilter(), rows => UsageReport.Top(rows, from, now, "consumer", 10), true),
    ("top 10 routes", "route", new UsageFilter(), rows => UsageReport.Top(rows, from, now, "route", 10), true),
    ("one route by consumer", "consumer", new UsageFilter(Route: routeIds[0]), rows => UsageReport.Requests(rows, from, now, "hour", "consumer"), false),
};
foreach (var (name, group, filter, build, totals) in queries)
{
    var (times, reads) = (new List<double>(), new List<double>());
    var count = 0;
    for (var i = 0; i < 12; i++)
    {
        var clock = Stopwatch.StartNew();
        var rows = totals ? await store.ReadTotals(tenant, from, now, filter, group) : await store.Read(tenant, 3600, from, now, filter, group);
        reads.Add(clock.Elapsed.TotalMilliseconds);
        build(rows);
        times.Add(clock.Elapsed.TotalMilliseconds);
        count = rows.Count;
    }
    double Median(List<double> values) => values.Skip(2).Order().ElementAt((values.Count - 2) / 2);
    Console.WriteLine($"{name,-24} 30 days hourly: median {Median(times):0.0} ms (reading {Median(reads):0.0} ms), max {times.Skip(2).Max():0.0} ms ({count:N0} rows read)");
}
