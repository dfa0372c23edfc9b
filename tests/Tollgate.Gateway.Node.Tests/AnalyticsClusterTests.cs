using System.Net;
using Xunit.Abstractions;

namespace Tollgate.Gateway.Node;

/// <summary>Measurements are not lost when the control plane is away: a node spools them and a restarted node sends them.</summary>
public class AnalyticsClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Stopping_a_node_flushes_what_it_measured_since_its_last_flush()
    {
        await using var upstream = await TestUpstream.Start("drain");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster);
        var slug = AdminHttp.NewSlug("dr");
        var admin = silo.AdminAs(await silo.CreateTenant(slug));
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""")).Code);
        var route = (await admin.Post($"/{slug}/services/s/routes", """{"name":"r","paths":["/r"]}""")).Id;
        var host = $"{slug}.localhost";
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;

        var dataDir = Directory.CreateTempSubdirectory().FullName;
        var node = RunningNode.Start(cluster, dataDir);
        await Eventually.Holds(async () => (await node.Get(host, "/r")).Status == HttpStatusCode.OK, Soon, "the node serving");
        for (var i = 0; i < 40; i++) Assert.Equal(HttpStatusCode.OK, (await node.Get(host, "/r")).Status);
        // Stopped at once, well inside its 2 s flush interval: the last interval goes out on the way down.
        await node.DisposeAsync();
        Assert.Empty(Directory.GetFiles(Path.Combine(dataDir, "analytics-spool")));
        var report = await admin.Get($"/{slug}/analytics/requests?from={since}&granularity=minute&route={route}&source=upstream");
        Assert.Equal(41, report.Json["totals"]!["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task Requests_served_while_the_control_plane_is_down_are_counted_once_it_is_back_even_across_a_node_restart()
    {
        await using var upstream = await TestUpstream.Start("spool");
        var cluster = await NodeSettings.Postgres();
        var dataDir = Directory.CreateTempSubdirectory().FullName;
        var silo = await TollgateNode.Start(cluster);
        var slug = AdminHttp.NewSlug("sp");
        var token = await silo.CreateTenant(slug);
        var admin = silo.AdminAs(token);
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""")).Code);
        Assert.Equal(201, (await admin.Post($"/{slug}/services/s/routes", """{"name":"probe","paths":["/probe"]}""")).Code);
        var counted = await admin.Post($"/{slug}/services/s/routes", """{"name":"counted","paths":["/counted"]}""");
        var route = counted.Id;
        var host = $"{slug}.localhost";

        var node = RunningNode.Start(cluster, dataDir);
        await Eventually.Holds(async () => (await node.Get(host, "/probe")).Status == HttpStatusCode.OK, Soon, "the node serving");
        await Eventually.Holds(async () => (await node.Get(host, "/counted")).Status == HttpStatusCode.OK, Soon, "the counted route served");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;

        await silo.DisposeAsync();
        for (var i = 0; i < 25; i++) Assert.Equal(HttpStatusCode.OK, (await node.Get(host, "/counted")).Status);
        await node.DisposeAsync();
        var spooled = Directory.GetFiles(Path.Combine(dataDir, "analytics-spool"));
        Assert.NotEmpty(spooled);

        await using var back = await TollgateNode.Start(cluster.SecondSilo());
        await using var restarted = RunningNode.Start(cluster, dataDir);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long total = 0;
        await Eventually.Holds(async () =>
        {
            var report = await back.AdminAs(token).Get($"/{slug}/analytics/requests?from={before}&granularity=minute&route={route}");
            total = report.Json["totals"]!["requests"]!.GetValue<long>();
            // The request that saw the route served came before the outage; it may or may not have been flushed before.
            return total >= 25;
        }, Soon, "the spooled requests being counted");
        output.WriteLine($"{spooled.Length} spool files; counted {total} after {clock.ElapsedMilliseconds} ms");
        Assert.InRange(total, 25, 26);
        await Eventually.Holds(() => Task.FromResult(Directory.GetFiles(Path.Combine(dataDir, "analytics-spool")).Length == 0), Soon, "the spool being emptied");
    }
}
