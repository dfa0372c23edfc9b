using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Security;

/// <summary>cors, ip-restriction and bot-detection through the real gateway.</summary>
public class SecurityPluginTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    [Fact]
    public async Task Cors_answers_preflight_itself_and_adds_headers_for_allowed_origins()
    {
        await using var tenant = await Start(_node,
            """[{"name":"cors","config":{"origins":["https://app.example.com","https://.*\\.partner\\.com"],"methods":["GET","POST"],"headers":["X-Custom"],"exposed_headers":["X-Upstream"],"credentials":true,"max_age":600}}]""");
        var preflight = await tenant.Send(HttpMethod.Options, "/api", null,
            ("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "POST"));
        Assert.Equal(200, preflight.Code);
        Assert.Equal("https://app.example.com", preflight.Response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,POST", preflight.Response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("X-Custom", preflight.Response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("600", preflight.Response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Equal("true", preflight.Response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal(0, tenant.UpstreamHits);

        var byRegex = await tenant.Get("/api", ("Origin", "https://shop.partner.com"));
        Assert.Equal(200, byRegex.Code);
        Assert.Equal("https://shop.partner.com", byRegex.Response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("X-Upstream", byRegex.Response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        var stranger = await tenant.Get("/api", ("Origin", "https://evil.com"));
        Assert.False(stranger.Response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Ip_restriction_refuses_denied_and_unlisted_clients()
    {
        await using var denied = await Start(_node, """[{"name":"ip-restriction","config":{"deny":["127.0.0.0/8","::1"]}}]""");
        var refused = await denied.Get("/api");
        Assert.Equal((403, "Your IP address is not allowed"), (refused.Code, refused.Json["message"]!.GetValue<string>()));
        Assert.Equal(0, denied.UpstreamHits);

        await using var allowed = await Start(_node, """[{"name":"ip-restriction","config":{"allow":["127.0.0.1","::1"]}}]""");
        Assert.Equal(200, (await allowed.Get("/api")).Code);

        await using var custom = await Start(_node, """[{"name":"ip-restriction","config":{"allow":["10.0.0.0/8"],"status":451,"message":"Not from here"}}]""");
        var unlisted = await custom.Get("/api");
        Assert.Equal((451, "Not from here"), (unlisted.Code, unlisted.Json["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bot_detection_refuses_known_and_denied_agents_unless_allowed()
    {
        await using var tenant = await Start(_node, """[{"name":"bot-detection","config":{"allow":["^MyMonitor"],"deny":["BadClient"]}}]""");
        Assert.Equal(200, (await tenant.Get("/api", ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"))).Code);
        var bot = await tenant.Get("/api", ("User-Agent", "Mozilla/5.0 (compatible; AhrefsBot/7.0)"));
        Assert.Equal((403, "Forbidden"), (bot.Code, bot.Json["message"]!.GetValue<string>()));
        Assert.Equal(403, (await tenant.Get("/api", ("User-Agent", "BadClient/1.0"))).Code);
        Assert.Equal(200, (await tenant.Get("/api", ("User-Agent", "MyMonitor python-requests/2.31"))).Code);
    }
}
