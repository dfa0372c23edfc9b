using System.Text.Json.Nodes;
using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Auth;

/// <summary>openid-connect bearer validation through the real gateway, against a real issuer's discovery and JWKS on loopback.</summary>
public class OpenIdConnectTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    private static string Plugin(TestIssuer issuer, string extra = "") => $$$"""
        [{"name":"openid-connect","config":{"issuer":"{{{issuer.Url}}}","audience_required":["orders-api"],
          "scopes_required":["orders:read"],"consumer_claim":["sub"]{{{extra}}}}}]
        """;

    private static (string, string) Bearer(string token) => ("Authorization", "Bearer " + token);

    [Fact]
    public async Task A_token_signed_by_the_issuer_with_the_audience_and_scope_identifies_its_consumer()
    {
        await using var issuer = await TestIssuer.Start();
        await using var tenant = await Start(_node, Plugin(issuer));

        var ok = await tenant.Get("/api", Bearer(issuer.Token(issuer.Claims("alice", "orders-api", "orders:read profile"))));
        Assert.Equal(200, ok.Code);
        Assert.Equal("alice", Received(ok, "X-Consumer-Username"));

        var missing = await tenant.Get("/api");
        Assert.Equal(401, missing.Code);
        Assert.StartsWith("Bearer", missing.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, tenant.UpstreamHits - 1);
    }

    [Fact]
    public async Task Forged_expired_foreign_and_misdirected_tokens_are_refused_and_missing_scopes_are_forbidden()
    {
        await using var issuer = await TestIssuer.Start();
        await using var tenant = await Start(_node, Plugin(issuer));
        var good = issuer.Claims("alice", "orders-api", "orders:read");

        async Task<int> Status(string token) => (await tenant.Get("/api", Bearer(token))).Code;
        JsonObject With(string claim, JsonNode? value)
        {
            var claims = good.DeepClone().AsObject();
            claims[claim] = value;
            return claims;
        }

        Assert.Equal(401, await Status(issuer.Token(good, unpublishedKey: true)));
        Assert.Equal(401, await Status(issuer.Token(good)[..^4] + "AAAA"));
        Assert.Equal(401, await Status(issuer.Token(With("exp", DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()))));
        Assert.Equal(401, await Status(issuer.Token(With("iss", "http://elsewhere.example"))));
        Assert.Equal(401, await Status(issuer.Token(With("iss", 42))));
        Assert.Equal(401, await Status(issuer.Token(With("aud", "billing-api"))));
        Assert.Equal(401, await Status("not-a-jwt"));
        Assert.Equal(403, await Status(issuer.Token(With("scope", "profile"))));
        // The token is good but names no consumer of the tenant.
        Assert.Equal(403, await Status(issuer.Token(With("sub", "mallory"))));
        Assert.Equal(0, tenant.UpstreamHits);
    }

    [Fact]
    public async Task Keys_are_read_once_and_a_rotated_key_is_fetched_when_a_token_first_names_it()
    {
        await using var issuer = await TestIssuer.Start();
        await using var tenant = await Start(_node, Plugin(issuer, ""","consumer_optional":true,"rediscovery_lifetime":0"""));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await tenant.Get("/api", Bearer(issuer.Token(issuer.Claims("service-account", "orders-api", "orders:read"))))).Code);
        }
        Assert.Equal(1, issuer.JwksReads);

        issuer.Rotate();
        Assert.Equal(200, (await tenant.Get("/api", Bearer(issuer.Token(issuer.Claims("alice", "orders-api", "orders:read"))))).Code);
        Assert.Equal(2, issuer.JwksReads);

        // A made-up key id is refused; with the default rediscovery lifetime it would not send the node back to the issuer within 30 s.
        Assert.Equal(401, (await tenant.Get("/api", Bearer(issuer.Token(issuer.Claims("alice", "orders-api", "orders:read"), unpublishedKey: true)))).Code);
    }

    [Fact]
    public async Task The_admin_api_refuses_an_issuer_that_is_not_a_url_naming_the_field()
    {
        await using var tenant = await Start(_node, "[]");
        var refused = await tenant.Admin.Post($"/{tenant.Slug}/plugins", """{"name":"openid-connect","config":{"issuer":"not a url"}}""");
        Assert.Equal(400, refused.Code);
        Assert.Equal("expected an http or https URL", refused.Json["fields"]!["config"]!["issuer"]!.GetValue<string>());
    }
}
