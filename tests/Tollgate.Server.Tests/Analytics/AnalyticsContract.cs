using System.Text.Json.Nodes;
using Tollgate.Analytics;
using Tollgate.Server.Gateway.Plugins;
using Xunit.Abstractions;

namespace Tollgate.Server.Analytics;

/// <summary>
/// Every request through a real gateway is measured and shown to its tenant within seconds; breakdowns add up; a
/// batch sent twice counts once; one tenant cannot read another's. Run on the embedded store and on PostgreSQL.
/// </summary>
public abstract class AnalyticsContract(TollgateNode node, ITestOutputHelper output)
{
    private static readonly TimeSpan Shown = TimeSpan.FromSeconds(10);

    private static async Task<JsonObject> Report(PluginTenant tenant, string query)
    {
        var reply = await tenant.Admin.Get($"/{tenant.Slug}/analytics/{query}");
        Assert.True(reply.Code == 200, reply.Text);
        return reply.Json;
    }

    private static long Requests(JsonObject report) => report["totals"]!["requests"]!.GetValue<long>();

    private static Dictionary<string, long> ByGroup(JsonObject report) =>
        report["data"]!.AsArray().ToDictionary(g => g!["group"]!.GetValue<string>(), g => g!["totals"]!["requests"]!.GetValue<long>());

    [Fact]
    public async Task Every_proxied_request_is_counted_within_seconds_and_the_breakdowns_add_up()
    {
        await using var tenant = await PluginTenant.Start(node, """[{"name":"key-auth"}]""");
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;
        for (var i = 0; i < 20; i++) Assert.Equal(200, (await tenant.Get($"/api/a/{i}", ("apikey", "alice-key"))).Code);
        for (var i = 0; i < 10; i++) Assert.Equal(200, (await tenant.Get($"/api/b/{i}", ("apikey", "bob-key"))).Code);
        for (var i = 0; i < 5; i++) Assert.Equal(401, (await tenant.Get("/api", ("apikey", "wrong"))).Code);

        var window = $"from={since}&granularity=minute";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.Holds(async () => Requests(await Report(tenant, $"requests?{window}&source=upstream")) == 30, Shown, "30 proxied requests in analytics");
        var delay = clock.Elapsed;

        var upstream = await Report(tenant, $"requests?{window}&source=upstream&group_by=consumer");
        var consumers = ByGroup(upstream);
        Assert.Equal(2, consumers.Count);
        Assert.Equal([10L, 20L], consumers.Values.Order());
        Assert.Equal(30, upstream["totals"]!["billable"]!.GetValue<long>());
        Assert.True(upstream["totals"]!["latency_ms"]!["p99"]!.GetValue<double>() > 0);
        Assert.True(upstream["totals"]!["bytes_out"]!.GetValue<long>() > 0);

        var bySource = ByGroup(await Report(tenant, $"requests?{window}&group_by=source"));
        Assert.Equal(30, bySource["upstream"]);
        // The test tenant's readiness probe (no key) was refused as well.
        Assert.True(bySource["auth"] >= 5);
        var all = await Report(tenant, $"requests?{window}&group_by=route");
        Assert.Equal(Requests(all), ByGroup(all).Values.Sum());
        Assert.Equal(0, all["totals"]!["billable"]!.GetValue<long>() - 30);

        var top = await Report(tenant, $"top?{window}&by=consumer&source=upstream&limit=1");
        Assert.Equal(20, top["data"]![0]!["requests"]!.GetValue<long>());
        var hourly = await Report(tenant, $"requests?from={since}&granularity=hour&source=upstream");
        Assert.Equal(30, Requests(hourly));
        Assert.True(delay < Shown, $"analytics took {delay.TotalMilliseconds} ms");
        output.WriteLine($"30 proxied requests shown in analytics {delay.TotalMilliseconds:0} ms after the last one was answered");
    }

    [Fact]
    public async Task A_batch_sent_again_is_not_counted_again()
    {
        await using var tenant = await PluginTenant.Start(node, "[]");
        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        var histogram = new LatencyHistogram();
        histogram.Record(12.5);
        var row = new UsageRow(minute, Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, 200, UsageSource.Upstream, 7, 100, 700,
            histogram.Encode(), histogram.Encode(), new LatencyHistogram().Encode());
        var batch = new UsageBatch("replayed-node-" + Guid.NewGuid().ToString("N"), 1, tenant.Slug, [row]);
        var usage = node.Grains.GetGrain<IUsageGrain>(tenant.Slug);
        await usage.Record(batch);
        await usage.Record(batch);
        await usage.Record(batch with { Rows = [row with { Requests = 1000 }] });

        // An explicit 'to': at the first second of a minute the default 'to' (now) would equal 'from'.
        var window = $"from={minute * 60}&to={(minute + 1) * 60}&granularity=minute&route={row.Route}";
        var report = await Report(tenant, $"requests?{window}");
        Assert.Equal(7, Requests(report));
        Assert.Equal(700, report["totals"]!["bytes_out"]!.GetValue<long>());
        await usage.Record(batch with { Sequence = 2 });
        Assert.Equal(14, Requests(await Report(tenant, $"requests?{window}")));
    }

    [Fact]
    public async Task Rows_past_the_plans_retention_are_dropped_and_day_rows_kept_for_invoices()
    {
        await using var tenant = await PluginTenant.Start(node, "[]");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        var old = now - 100 * 24 * 60;
        var route = Guid.NewGuid();
        UsageRow Row(long minute, long requests) =>
            new(minute, Guid.NewGuid(), route, Guid.Empty, 200, UsageSource.Upstream, requests, 0, 0, [], [], []);
        // The test tenant is on "pro": 90 days of hour rows.
        await node.Grains.GetGrain<IUsageGrain>(tenant.Slug).Record(new UsageBatch("retention-" + Guid.NewGuid().ToString("N"), 1, tenant.Slug, [Row(old, 5), Row(now, 3)]));

        var since = old * 60 - 86400;
        Assert.Equal(3, Requests(await Report(tenant, $"requests?from={since}&granularity=hour&route={route}")));
        Assert.Equal(8, Requests(await Report(tenant, $"requests?from={since}&granularity=day&route={route}")));
    }

    [Fact]
    public async Task Top_lists_add_whole_days_and_the_partial_hours_at_either_end()
    {
        await using var tenant = await PluginTenant.Start(node, "[]");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        var (busy, quiet) = (Guid.NewGuid(), Guid.NewGuid());
        UsageRow Row(Guid route, long minutesAgo, long requests) =>
            new(now - minutesAgo, Guid.NewGuid(), route, Guid.Empty, 200, UsageSource.Upstream, requests, 0, 0, [], [], []);
        await node.Grains.GetGrain<IUsageGrain>(tenant.Slug).Record(new UsageBatch("top-" + Guid.NewGuid().ToString("N"), 1, tenant.Slug,
            [Row(busy, 4 * 1440, 5), Row(busy, 2 * 1440, 7), Row(busy, 0, 3), Row(quiet, 2 * 1440, 1)]));

        var top = await Report(tenant, $"top?by=route&from={(now - 5 * 1440) * 60}&to={(now + 1) * 60}");
        var routes = top["data"]!.AsArray().ToDictionary(r => r!["route"]!.GetValue<string>(), r => r!["requests"]!.GetValue<long>());
        Assert.Equal(15, routes[busy.ToString()]);
        Assert.Equal(1, routes[quiet.ToString()]);
        Assert.Equal(busy.ToString(), top["data"]![0]!["route"]!.GetValue<string>());
        var recent = await Report(tenant, $"top?by=route&from={(now - 3 * 1440) * 60}&to={(now + 1) * 60}");
        Assert.Equal(10, recent["data"]![0]!["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_tenant_cannot_read_another_tenants_analytics_and_bad_queries_name_the_field()
    {
        await using var tenant = await PluginTenant.Start(node, "[]");
        var otherSlug = AdminHttp.NewSlug("an");
        var other = node.AdminAs(await node.CreateTenant(otherSlug));
        Assert.Equal(403, (await other.Get($"/{tenant.Slug}/analytics/requests")).Code);
        Assert.Equal(200, (await other.Get($"/{otherSlug}/analytics/requests")).Code);

        var bad = await tenant.Admin.Get($"/{tenant.Slug}/analytics/requests?granularity=week&route=nope&status_class=6xx");
        Assert.Equal(400, bad.Code);
        var fields = bad.Json["fields"]!;
        Assert.Equal("expected one of: minute, hour, day", fields["granularity"]!.GetValue<string>());
        Assert.Equal("expected a UUID", fields["route"]!.GetValue<string>());
        Assert.Equal("expected one of: 1xx, 2xx, 3xx, 4xx, 5xx", fields["status_class"]!.GetValue<string>());
        var tooFine = await tenant.Admin.Get($"/{tenant.Slug}/analytics/requests?from=0&granularity=minute");
        Assert.Equal(400, tooFine.Code);
        Assert.Contains("coarser granularity", tooFine.Json["fields"]!["granularity"]!.GetValue<string>());
    }
}

public sealed class SqliteAnalyticsTests(SqliteNodeFixture fixture, ITestOutputHelper output) : AnalyticsContract(fixture.Node, output), IClassFixture<SqliteNodeFixture>;

public sealed class PostgresAnalyticsTests(PostgresNodeFixture fixture, ITestOutputHelper output) : AnalyticsContract(fixture.Node, output), IClassFixture<PostgresNodeFixture>;
