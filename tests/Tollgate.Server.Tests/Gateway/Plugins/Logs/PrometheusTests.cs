using System.Text.RegularExpressions;
using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Logs;

/// <summary>prometheus through the real gateway, scraped from the node's status port as Prometheus would.</summary>
public class PrometheusTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    /// <summary>The value of the one series of <paramref name="metric"/> in the tenant's workspace whose labels include all of <paramref name="labels"/>.</summary>
    private async Task<double?> Scraped(string metric, string workspace, params string[] labels)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync($"http://127.0.0.1:{_node.Settings.StatusPort}/metrics");
        var series = text.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains($"workspace=\"{workspace}\""))
            .Where(line => labels.All(line.Contains))
            .ToList();
        return series.Count == 1 ? double.Parse(series[0][(series[0].LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [Fact]
    public async Task Requests_latencies_and_bandwidth_are_counted_per_service_route_consumer_and_status()
    {
        await using var tenant = await Start(_node, "[]", """
            [{"name":"key-auth"},
             {"name":"prometheus","config":{"per_consumer":true,"status_code_metrics":true,"latency_metrics":true,"bandwidth_metrics":true}}]
            """);
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await tenant.Get("/api/x", ("apikey", "alice-key"))).Code);
        Assert.Equal(401, (await tenant.Get("/api/x", ("apikey", "wrong"))).Code);

        await Eventually.Holds(async () =>
            await Scraped("kong_http_requests_total", tenant.Slug, "code=\"200\"", "consumer=\"alice\"", "route=\"r\"", "service=\"s\"", "source=\"service\"") == 3
            // The tenant's readiness probe (no key) was refused too.
            && await Scraped("kong_http_requests_total", tenant.Slug, "code=\"401\"", "source=\"kong\"") >= 2,
            TimeSpan.FromSeconds(10), "request counts scraped");
        Assert.True(await Scraped("kong_request_latency_ms_count", tenant.Slug, "route=\"r\"") >= 4);
        Assert.Equal(3, await Scraped("kong_upstream_latency_ms_count", tenant.Slug, "route=\"r\""));
        Assert.True(await Scraped("kong_kong_latency_ms_bucket", tenant.Slug, "le=\"+Inf\"") >= 4);
        Assert.True(await Scraped("kong_bandwidth_bytes_total", tenant.Slug, "direction=\"egress\"", "consumer=\"alice\"") > 0);
    }

    [Fact]
    public async Task Only_the_enabled_families_are_kept()
    {
        await using var tenant = await Start(_node, """[{"name":"prometheus","config":{"status_code_metrics":true}}]""");
        Assert.Equal(200, (await tenant.Get("/api")).Code);
        await Eventually.Holds(async () => await Scraped("kong_http_requests_total", tenant.Slug, "code=\"200\"") >= 1, TimeSpan.FromSeconds(10), "requests scraped");
        Assert.Null(await Scraped("kong_request_latency_ms_count", tenant.Slug));
        Assert.DoesNotContain("consumer=", (await new HttpClient().GetStringAsync($"http://127.0.0.1:{_node.Settings.StatusPort}/metrics"))
            .Split('\n').Where(l => l.StartsWith("kong_http_requests_total") && l.Contains(tenant.Slug)).Single());
    }

    [Fact]
    public async Task Upstream_target_health_is_a_gauge_per_state()
    {
        await using var tenant = await Start(_node, "[]", """[{"name":"prometheus","config":{"upstream_health_metrics":true}}]""");
        Assert.Equal(201, (await tenant.Admin.Post($"/{tenant.Slug}/upstreams", """{"name":"pool","healthchecks":{"passive":{"unhealthy":{"http_failures":1}}}}""")).Code);
        Assert.Equal(201, (await tenant.Admin.Post($"/{tenant.Slug}/upstreams/pool/targets", $$"""{"target":"{{tenant.Upstream.Address}}"}""")).Code);
        await Eventually.Holds(async () =>
            await Scraped("kong_upstream_target_health", tenant.Slug, "upstream=\"pool\"", "state=\"healthy\"") == 1
            && await Scraped("kong_upstream_target_health", tenant.Slug, "upstream=\"pool\"", "state=\"unhealthy\"") == 0,
            TimeSpan.FromSeconds(10), "target health scraped");
    }
}
