namespace Tollgate.Server.Gateway;

/// <summary>The plugin pipeline through the real gateway: key-auth identifies consumers, rate-limiting counts them.</summary>
public class PluginPipelineTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    private async Task<(string Slug, HttpClient Admin, string Host, TestUpstream Upstream)> TenantWithRoute(string routePlugins)
    {
        var upstream = await TestUpstream.Start("plugins");
        var slug = AdminHttp.NewSlug("pl");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"pro"}""");
        var admin = _node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        var declarative = $$"""
            {"_format_version":"3.0",
             "services":[{"name":"s","url":"http://{{upstream.Address}}","routes":[{"name":"r","paths":["/api"],"plugins":{{routePlugins}}}]}],
             "consumers":[
               {"username":"alice","custom_id":"a-1","keyauth_credentials":[{"key":"alice-key"}]},
               {"username":"bob","keyauth_credentials":[{"key":"bob-key"}]},
               {"username":"guest"}]}
            """;
        Assert.Equal(201, (await admin.Post($"/{slug}/config", declarative)).Code);
        var host = $"{slug}.localhost";
        await Eventually.Holds(async () => (await _node.Proxy(host, "/api")).Code != 404, Soon, "the route being served");
        return (slug, admin, host, upstream);
    }

    private Task<AdminHttp.Reply> Get(string host, string path, params (string, string)[] headers) =>
        _node.Proxy(host, HttpMethod.Get, path, null, headers);

    [Fact]
    public async Task Key_auth_refuses_missing_and_unknown_keys_with_kongs_answers()
    {
        var (_, _, host, upstream) = await TenantWithRoute("""[{"name":"key-auth"}]""");
        await using var _ = upstream;
        var missing = await Get(host, "/api");
        Assert.Equal(401, missing.Code);
        Assert.Equal("No API key found in request", missing.Json["message"]!.GetValue<string>());
        Assert.Equal("Key realm=\"kong\"", missing.Response.Headers.WwwAuthenticate.ToString());
        var unknown = await Get(host, "/api", ("apikey", "not-a-key"));
        Assert.Equal(401, unknown.Code);
        Assert.Equal("Unauthorized", unknown.Json["message"]!.GetValue<string>());
        Assert.Equal(0, upstream.Hits);
    }

    [Fact]
    public async Task Key_auth_tells_the_upstream_who_the_consumer_is()
    {
        var (slug, admin, host, upstream) = await TenantWithRoute("""[{"name":"key-auth"}]""");
        await using var _ = upstream;
        var alice = (await admin.Get($"/{slug}/consumers/alice")).Json;
        var credential = (await admin.Get($"/{slug}/key-auths/alice-key")).Id;

        var reply = await Get(host, "/api", ("apikey", "alice-key"));
        Assert.Equal(200, reply.Code);
        var headers = reply.Json["headers"]!;
        Assert.Equal(alice["id"]!.GetValue<string>(), headers["x-consumer-id"]!.GetValue<string>());
        Assert.Equal("alice", headers["x-consumer-username"]!.GetValue<string>());
        Assert.Equal("a-1", headers["x-consumer-custom-id"]!.GetValue<string>());
        Assert.Equal(credential, headers["x-credential-identifier"]!.GetValue<string>());
        Assert.Equal("alice-key", headers["apikey"]!.GetValue<string>());

        var byQuery = await Get(host, "/api?apikey=bob-key&x=1");
        Assert.Equal("bob", byQuery.Json["headers"]!["x-consumer-username"]!.GetValue<string>());
        Assert.Null(byQuery.Json["headers"]!["x-consumer-custom-id"]);
    }

    [Fact]
    public async Task Hidden_credentials_do_not_reach_the_upstream()
    {
        var (_, _, host, upstream) = await TenantWithRoute("""[{"name":"key-auth","config":{"hide_credentials":true}}]""");
        await using var _ = upstream;
        var byHeader = await Get(host, "/api", ("apikey", "alice-key"));
        Assert.Null(byHeader.Json["headers"]!["apikey"]);
        var byQuery = await Get(host, "/api?apikey=alice-key&keep=1");
        Assert.Equal("/?keep=1", byQuery.Json["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_key_is_refused_at_once_and_an_expired_key_is_refused()
    {
        var (slug, admin, host, upstream) = await TenantWithRoute("""[{"name":"key-auth"}]""");
        await using var _ = upstream;
        Assert.Equal(200, (await Get(host, "/api", ("apikey", "bob-key"))).Code);
        Assert.Equal(204, (await admin.Delete($"/{slug}/key-auths/bob-key")).Code);
        var revoked = await Eventually.Holds(async () => (await Get(host, "/api", ("apikey", "bob-key"))).Code == 401, Soon, "the deleted key being refused");
        Assert.True(revoked < TimeSpan.FromSeconds(1), $"revocation took {revoked.TotalMilliseconds} ms");

        // Expiry is counted in whole seconds from created_at (as in Kong), so a ttl of 2 lives between 1 and 2 s.
        Assert.Equal(201, (await admin.Post($"/{slug}/consumers/alice/key-auth", """{"key":"short-lived","ttl":2}""")).Code);
        Assert.Equal(200, (await Get(host, "/api", ("apikey", "short-lived"))).Code);
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        Assert.Equal(401, (await Get(host, "/api", ("apikey", "short-lived"))).Code);
    }

    [Fact]
    public async Task Anonymous_consumer_is_used_when_no_key_is_given()
    {
        var (slug, admin, host, upstream) = await TenantWithRoute("""[{"name":"key-auth","config":{"anonymous":"guest"}}]""");
        await using var _ = upstream;
        var reply = await Get(host, "/api");
        Assert.Equal(200, reply.Code);
        Assert.Equal("true", reply.Json["headers"]!["x-anonymous-consumer"]!.GetValue<string>());
        Assert.Equal((await admin.Get($"/{slug}/consumers/guest")).Id, reply.Json["headers"]!["x-consumer-id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rate_limiting_counts_each_consumer_and_answers_429_with_kongs_headers()
    {
        var (_, _, host, upstream) = await TenantWithRoute("""[{"name":"key-auth"},{"name":"rate-limiting","config":{"minute":3,"policy":"local"}}]""");
        await using var _ = upstream;
        for (var i = 1; i <= 3; i++)
        {
            var ok = await Get(host, "/api", ("apikey", "alice-key"));
            Assert.Equal(200, ok.Code);
            Assert.Equal("3", ok.Response.Headers.GetValues("X-RateLimit-Limit-Minute").Single());
            Assert.Equal((3 - i).ToString(), ok.Response.Headers.GetValues("X-RateLimit-Remaining-Minute").Single());
            Assert.Equal((3 - i).ToString(), ok.Response.Headers.GetValues("RateLimit-Remaining").Single());
            Assert.True(int.Parse(ok.Response.Headers.GetValues("RateLimit-Reset").Single()) is > 0 and <= 60);
        }
        var limited = await Get(host, "/api", ("apikey", "alice-key"));
        Assert.Equal(429, limited.Code);
        Assert.Equal("API rate limit exceeded", limited.Json["message"]!.GetValue<string>());
        Assert.True(int.Parse(limited.Response.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Equal(3, upstream.Hits);

        Assert.Equal(200, (await Get(host, "/api", ("apikey", "bob-key"))).Code);
    }

    [Fact]
    public async Task A_consumer_scoped_plugin_overrides_the_route_config_for_that_consumer()
    {
        var (slug, admin, host, upstream) = await TenantWithRoute("""[{"name":"key-auth"},{"name":"rate-limiting","config":{"minute":1}}]""");
        await using var _ = upstream;
        var route = (await admin.Get($"/{slug}/routes/r")).Id;
        Assert.Equal(201, (await admin.Post($"/{slug}/consumers/bob/plugins", "{\"name\":\"rate-limiting\",\"route\":{\"id\":\"" + route + "\"},\"config\":{\"minute\":5}}")).Code);
        await Eventually.Holds(async () =>
            (await Get(host, "/api", ("apikey", "bob-key"))).Response.Headers.TryGetValues("X-RateLimit-Limit-Minute", out var v) && v.Single() == "5",
            Soon, "bob's own limit applying");
        Assert.Equal("1", (await Get(host, "/api", ("apikey", "alice-key"))).Response.Headers.GetValues("X-RateLimit-Limit-Minute").Single());
        Assert.Equal(429, (await Get(host, "/api", ("apikey", "alice-key"))).Code);
    }

    [Fact]
    public async Task Correlation_id_is_added_kept_and_echoed()
    {
        var (_, _, host, upstream) = await TenantWithRoute("""[{"name":"correlation-id","config":{"header_name":"X-Request-ID","echo_downstream":true}}]""");
        await using var _ = upstream;
        var first = await Get(host, "/api");
        var second = await Get(host, "/api");
        var id = first.Json["headers"]!["x-request-id"]!.GetValue<string>();
        Assert.NotEqual(id, second.Json["headers"]!["x-request-id"]!.GetValue<string>());
        Assert.Equal(id, first.Response.Headers.GetValues("X-Request-ID").Single());

        var given = await Get(host, "/api", ("X-Request-ID", "from-client"));
        Assert.Equal("from-client", given.Json["headers"]!["x-request-id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_termination_answers_without_the_upstream()
    {
        var (_, _, host, upstream) = await TenantWithRoute("""[{"name":"request-termination","config":{"status_code":403,"message":"So long and thanks for all the fish!"}}]""");
        await using var _ = upstream;
        var reply = await Get(host, "/api");
        Assert.Equal(403, reply.Code);
        Assert.Equal("So long and thanks for all the fish!", reply.Json["message"]!.GetValue<string>());
        Assert.Equal(0, upstream.Hits);
    }
}
