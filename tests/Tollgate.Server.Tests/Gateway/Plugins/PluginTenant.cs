namespace Tollgate.Server.Gateway.Plugins;

/// <summary>
/// A tenant for plugin behaviour tests: one service on a real echoing upstream, route "r" on /api with the given
/// plugins, and consumers alice, bob and guest with credentials of every kind.
/// </summary>
internal sealed record PluginTenant(TollgateNode Node, string Slug, HttpClient Admin, string Host, TestUpstream Upstream) : IAsyncDisposable
{
    private int _hitsBefore;

    /// <summary>Requests the upstream received since the tenant was ready (the readiness probe is not counted).</summary>
    public int UpstreamHits => Upstream.Hits - _hitsBefore;

    public static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    public const string Consumers = """
        [{"username":"alice","custom_id":"a-1",
          "keyauth_credentials":[{"key":"alice-key"}],
          "basicauth_credentials":[{"username":"alice","password":"alice-pass"}],
          "acls":[{"group":"gold"}],
          "jwt_secrets":[{"key":"alice-iss","secret":"alice-secret"}],
          "hmacauth_credentials":[{"username":"alice-hmac","secret":"alice-hmac-secret"}]},
         {"username":"bob","keyauth_credentials":[{"key":"bob-key"}],"acls":[{"group":"silver"}]},
         {"username":"guest"}]
        """;

    public static async Task<PluginTenant> Start(TollgateNode node, string routePlugins, string globalPlugins = "[]")
    {
        var upstream = await TestUpstream.Start("plugins");
        var slug = AdminHttp.NewSlug("pl");
        var created = await node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"pro"}""");
        var admin = node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        var declarative = $$"""
            {"_format_version":"3.0",
             "services":[{"name":"s","url":"http://{{upstream.Address}}","routes":[{"name":"r","paths":["/api"],"plugins":{{routePlugins}}}]}],
             "plugins":{{globalPlugins}},
             "consumers":{{Consumers}}}
            """;
        var imported = await admin.Post($"/{slug}/config", declarative);
        Assert.True(imported.Code == 201, imported.Text);
        var host = $"{slug}.localhost";
        await Eventually.Holds(async () => (await node.Proxy(host, "/api")).Code != 404, Soon, "the route being served");
        return new PluginTenant(node, slug, admin, host, upstream) { _hitsBefore = upstream.Hits };
    }

    public Task<AdminHttp.Reply> Get(string path, params (string, string)[] headers) => Node.Proxy(Host, HttpMethod.Get, path, null, headers);

    public Task<AdminHttp.Reply> Send(HttpMethod method, string path, HttpContent? content, params (string, string)[] headers) =>
        Node.Proxy(Host, method, path, content, headers);

    /// <summary>A header the upstream received, as the echo server reports it.</summary>
    public static string? Received(AdminHttp.Reply reply, string header) => reply.Json["headers"]![header.ToLowerInvariant()]?.GetValue<string>();

    public ValueTask DisposeAsync() => Upstream.DisposeAsync();
}
