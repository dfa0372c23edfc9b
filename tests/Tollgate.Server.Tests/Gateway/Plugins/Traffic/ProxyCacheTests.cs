using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Traffic;

/// <summary>proxy-cache through the real gateway: Miss, Hit, Bypass and Refresh, Cache-Control, varying keys, and purges through the Admin API.</summary>
public class ProxyCacheTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    private static string Status(AdminHttp.Reply reply) => reply.Response.Headers.GetValues("X-Cache-Status").Single();
    private static string Key(AdminHttp.Reply reply) => reply.Response.Headers.GetValues("X-Cache-Key").Single();

    [Fact]
    public async Task A_cacheable_response_is_stored_on_a_miss_and_served_on_hits_without_the_upstream()
    {
        await using var tenant = await Start(_node, """[{"name":"proxy-cache","config":{"strategy":"memory"}},{"name":"cors","config":{"origins":["https://app.example.com"]}}]""");
        var miss = await tenant.Get("/api/items?page=1");
        Assert.Equal(("Miss", 200), (Status(miss), miss.Code));
        var hits = tenant.UpstreamHits;
        var hit = await tenant.Get("/api/items?page=1", ("Origin", "https://app.example.com"));
        Assert.Equal(("Hit", 200), (Status(hit), hit.Code));
        Assert.Equal(Key(miss), Key(hit));
        Assert.Equal(miss.Text, hit.Text);
        Assert.Equal("plugins", hit.Response.Headers.GetValues("X-Upstream").Single());
        Assert.True(hit.Response.Headers.Age is not null);
        Assert.Equal("https://app.example.com", hit.Response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(hits, tenant.UpstreamHits);

        Assert.Equal("Miss", Status(await tenant.Get("/api/items?page=2")));
        Assert.Equal("Bypass", Status(await tenant.Send(HttpMethod.Post, "/api/items?page=1", new StringContent("x"))));
        Assert.Equal("Bypass", Status(await tenant.Get("/api/items?status=500")));
        Assert.Equal("Bypass", Status(await tenant.Get("/api/items?content-type=text/html")));
        Assert.Equal("Bypass", Status(await tenant.Get("/api/items?status=500")));
    }

    [Fact]
    public async Task Only_the_vary_parameters_and_headers_make_different_keys()
    {
        await using var tenant = await Start(_node, """[{"name":"proxy-cache","config":{"strategy":"memory","vary_query_params":["page"],"vary_headers":["Accept-Language"]}}]""");
        var first = await tenant.Get("/api/list?page=1&utm=a", ("Accept-Language", "en"));
        Assert.Equal("Miss", Status(first));
        var otherTracking = await tenant.Get("/api/list?utm=b&page=1", ("Accept-Language", "en"));
        Assert.Equal(("Hit", Key(first)), (Status(otherTracking), Key(otherTracking)));
        Assert.Equal("Miss", Status(await tenant.Get("/api/list?page=1&utm=a", ("Accept-Language", "fr"))));
        Assert.Equal("Miss", Status(await tenant.Get("/api/list?page=2&utm=a", ("Accept-Language", "en"))));
    }

    [Fact]
    public async Task With_cache_control_the_client_and_upstream_directives_decide()
    {
        await using var tenant = await Start(_node, """[{"name":"proxy-cache","config":{"strategy":"memory","cache_control":true}}]""");
        Assert.Equal("Bypass", Status(await tenant.Get("/api/a")));
        Assert.Equal("Bypass", Status(await tenant.Get("/api/a")));
        const string fresh = "/api/b?set-header=Cache-Control:max-age%3D60";
        Assert.Equal("Miss", Status(await tenant.Get(fresh)));
        Assert.Equal("Hit", Status(await tenant.Get(fresh)));
        Assert.Equal("Bypass", Status(await tenant.Get(fresh, ("Cache-Control", "no-cache"))));
        await Task.Delay(1100);
        Assert.Equal("Refresh", Status(await tenant.Get(fresh, ("Cache-Control", "max-age=0"))));
        Assert.Equal("Bypass", Status(await tenant.Get("/api/c?set-header=Cache-Control:private,max-age%3D60")));
        Assert.Equal(504, (await tenant.Get("/api/never-seen", ("Cache-Control", "only-if-cached"))).Code);
    }

    [Fact]
    public async Task A_stale_entry_is_refreshed_from_the_upstream()
    {
        await using var tenant = await Start(_node, """[{"name":"proxy-cache","config":{"strategy":"memory","cache_ttl":1,"storage_ttl":60}}]""");
        Assert.Equal("Miss", Status(await tenant.Get("/api/x")));
        Assert.Equal("Hit", Status(await tenant.Get("/api/x")));
        await Task.Delay(1500);
        Assert.Equal("Refresh", Status(await tenant.Get("/api/x")));
        Assert.Equal("Hit", Status(await tenant.Get("/api/x")));
    }

    [Fact]
    public async Task The_admin_api_finds_and_purges_entries_of_its_own_tenant_only()
    {
        await using var tenant = await Start(_node, """[{"name":"proxy-cache","config":{"strategy":"memory"}}]""");
        var miss = await tenant.Get("/api/purge-me");
        var key = Key(miss);
        Assert.Equal("Hit", Status(await tenant.Get("/api/purge-me")));

        var found = await tenant.Admin.Get($"/{tenant.Slug}/proxy-cache/{key}");
        Assert.Equal(200, found.Code);
        Assert.Equal((key, 200), (found.Json["key"]!.GetValue<string>(), found.Json["status"]!.GetValue<int>()));
        Assert.True(found.Json["body_len"]!.GetValue<long>() > 0);
        var plugin = found.Json["plugin"]!["id"]!.GetValue<string>();
        Assert.Equal(200, (await tenant.Admin.Get($"/{tenant.Slug}/proxy-cache/{plugin}/caches/{key}")).Code);

        var otherSlug = AdminHttp.NewSlug("pc");
        var other = _node.AdminAs(await _node.CreateTenant(otherSlug));
        Assert.Equal(403, (await other.Delete($"/{tenant.Slug}/proxy-cache/{key}")).Code);
        Assert.Equal(404, (await other.Delete($"/{otherSlug}/proxy-cache/{key}")).Code);
        Assert.Equal("Hit", Status(await tenant.Get("/api/purge-me")));

        Assert.Equal(204, (await tenant.Admin.Delete($"/{tenant.Slug}/proxy-cache/{key}")).Code);
        Assert.Equal(404, (await tenant.Admin.Get($"/{tenant.Slug}/proxy-cache/{key}")).Code);
        Assert.Equal(404, (await tenant.Admin.Delete($"/{tenant.Slug}/proxy-cache/{key}")).Code);
        Assert.Equal("Miss", Status(await tenant.Get("/api/purge-me")));
        Assert.Equal("Hit", Status(await tenant.Get("/api/purge-me")));

        Assert.Equal(204, (await tenant.Admin.Delete($"/{tenant.Slug}/proxy-cache")).Code);
        Assert.Equal("Miss", Status(await tenant.Get("/api/purge-me")));
    }
}
