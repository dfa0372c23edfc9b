using System.Diagnostics;
using Xunit.Abstractions;

namespace Tollgate.Server.Billing;

/// <summary>
/// Plans at work: entity limits at the Admin API (403 naming the limit), and a hard-capped monthly quota that stops a
/// tenant's traffic at the gateway with 429 while its neighbours carry on. The test node adds a plan "tiny" (40
/// requests a month, at most 2 services, 3 routes, 3 consumers) beside the built-in ones.
/// </summary>
public class PlanTests(SqliteNodeFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    /// <summary>A tenant on the plan with one route, served; answers how many requests waiting for it took (they count too).</summary>
    private async Task<(string Slug, HttpClient Admin, string Host, int Probes)> Tenant(string plan, TestUpstream upstream)
    {
        var slug = AdminHttp.NewSlug("pl");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"{{plan}}"}""");
        Assert.True(created.Code == 201, created.Text);
        var admin = _node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""")).Code);
        Assert.Equal(201, (await admin.Post($"/{slug}/services/s/routes", """{"name":"r","paths":["/api"]}""")).Code);
        var host = $"{slug}.localhost";
        var probes = 0;
        await Eventually.Holds(async () =>
        {
            probes++;
            return (await _node.Proxy(host, "/api")).Code == 200;
        }, TimeSpan.FromSeconds(5), "the route being served");
        return (slug, admin, host, probes);
    }

    [Fact]
    public async Task Entity_limits_refuse_growth_with_403_naming_the_limit_and_change_nothing()
    {
        await using var upstream = await TestUpstream.Start("limits");
        var (slug, admin, _, _) = await Tenant("tiny", upstream);
        Assert.Equal(201, (await admin.Post($"/{slug}/services", """{"name":"s2","host":"two.internal"}""")).Code);
        var third = await admin.Post($"/{slug}/services", """{"name":"s3","host":"three.internal"}""");
        Assert.Equal(403, third.Code);
        Assert.Equal(("services", "tiny", 2), (third.Json["limit"]!.GetValue<string>(), third.Json["plan"]!.GetValue<string>(), third.Json["max"]!.GetValue<int>()));
        Assert.Contains("at most 2 services", third.Json["message"]!.GetValue<string>());
        Assert.Equal(2, (await admin.Get($"/{slug}/services")).Json["data"]!.AsArray().Count);

        var import = await admin.Post($"/{slug}/config", """
            {"_format_version":"3.0","consumers":[{"username":"a"},{"username":"b"},{"username":"c"},{"username":"d"}]}
            """);
        Assert.Equal(403, import.Code);
        Assert.Equal("consumers", import.Json["limit"]!.GetValue<string>());
        Assert.Empty((await admin.Get($"/{slug}/consumers")).Json["data"]!.AsArray());
        // Deleting stays possible, and growing back within the limit too.
        Assert.Equal(204, (await admin.Delete($"/{slug}/services/s2")).Code);
        Assert.Equal(201, (await admin.Post($"/{slug}/services", """{"name":"s3","host":"three.internal"}""")).Code);
    }

    [Fact]
    public async Task A_used_up_hard_cap_stops_only_that_tenants_traffic_until_its_plan_changes()
    {
        await using var upstream = await TestUpstream.Start("quota");
        var (slug, _, host, probes) = await Tenant("tiny", upstream);
        var (_, _, neighbour, _) = await Tenant("free", upstream);

        // Probes answered 404 before the route was served were measured too, as gateway errors: not billable.
        var admitted = 1;
        var clock = Stopwatch.StartNew();
        AdminHttp.Reply last;
        do
        {
            last = await _node.Proxy(host, "/api");
            if (last.Code == 200) admitted++;
        }
        while (last.Code == 200 && clock.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(429, last.Code);
        Assert.Equal("Monthly request quota exceeded", last.Json["message"]!.GetValue<string>());
        output.WriteLine($"included 40, admitted {admitted} before the cut-off ({admitted - 40} over) in {clock.ElapsedMilliseconds} ms");
        Assert.True(admitted >= 40, $"cut off after {admitted} requests, before the 40 included");
        // One node counts its own requests at once, so it stops at the quota; other nodes' unreported ones are the overshoot.
        Assert.True(admitted <= 40 + probes, $"{admitted} admitted past the quota of 40");

        Assert.Equal(429, (await _node.Proxy(host, "/api")).Code);
        Assert.Equal(200, (await _node.Proxy(neighbour, "/api")).Code);

        var upgraded = await _node.Operator().Patch($"/tenants/{slug}", """{"plan":"pro"}""");
        Assert.True(upgraded.Code == 200, upgraded.Text);
        await Eventually.Holds(async () => (await _node.Proxy(host, "/api")).Code == 200, TimeSpan.FromSeconds(5), "traffic flowing again after the upgrade");
    }
}
