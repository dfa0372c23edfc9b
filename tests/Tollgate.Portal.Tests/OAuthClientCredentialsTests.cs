using System.Net;
using System.Text.Json.Nodes;

namespace Tollgate.Portal;

/// <summary>
/// OAuth 2.0 client credentials end to end on the all-in-one server: a tenant's oauth2 credential, the platform's token
/// endpoint (OpenIddict) and the gateway's openid-connect plugin verifying the token against the platform's keys.
/// </summary>
public class OAuthClientCredentialsTests : IAsyncLifetime
{
    private TollgateNode _node = default!;
    private TestUpstream _upstream = default!;
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false });

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.Start("oauth-api");
        _node = await TollgateNode.Start(NodeSettings.Sqlite());
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    /// <summary>A tenant whose /orders route accepts the platform's tokens for it with the orders:read scope.</summary>
    private async Task<(string Slug, HttpClient Admin)> Tenant()
    {
        var slug = AdminHttp.NewSlug("oauth");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"pro"}""");
        var admin = _node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await admin.Post($"/{slug}/services", $$"""{"name":"orders","url":"http://{{_upstream.Address}}"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await admin.Post($"/{slug}/services/orders/routes", """{"name":"orders","paths":["/orders"]}""")).Status);
        var plugin = await admin.Post($"/{slug}/services/orders/plugins", $$$"""
            {"name":"openid-connect","config":{"issuer":"{{{_node.PortalUrl}}}","audience_required":["{{{slug}}}"],
             "scopes_required":["orders:read"],"consumer_claim":["sub"],"consumer_by":["id"]}}
            """);
        Assert.True(plugin.Status == HttpStatusCode.Created, plugin.Text);
        return (slug, admin);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> Token(string clientId, string secret, string? scope)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null) form["scope"] = scope;
        using var response = await Client.PostAsync($"{_node.PortalUrl}/oauth2/token", new FormUrlEncodedContent(form));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private Task<AdminHttp.Reply> Call(string slug, string? token) =>
        _node.Proxy($"{slug}.localhost", HttpMethod.Get, "/orders", null, token is null ? [] : [("Authorization", $"Bearer {token}")]);

    [Fact]
    public async Task A_client_gets_a_token_for_its_credential_and_the_gateway_accepts_it_for_its_consumer_and_scope()
    {
        var (slug, admin) = await Tenant();
        var consumer = await admin.Post($"/{slug}/consumers", """{"username":"reporting-app"}""");
        var credential = await admin.Post($"/{slug}/consumers/reporting-app/oauth2", """{"name":"reporting","scopes":["orders:read"]}""");
        Assert.Equal(HttpStatusCode.Created, credential.Status);
        var clientId = credential.Json["client_id"]!.GetValue<string>();
        var secret = credential.Json["client_secret"]!.GetValue<string>();
        Assert.StartsWith($"{slug}.", clientId);
        // The secret is shown once and stored only as a hash.
        var stored = await admin.Get($"/{slug}/consumers/reporting-app/oauth2/{clientId}");
        Assert.Null(stored.Json["client_secret"]);
        Assert.DoesNotContain(secret, stored.Text);

        var (status, token) = await Token(clientId, secret, "orders:read");
        Assert.True(status == HttpStatusCode.OK, token.ToJsonString());
        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        var accessToken = token["access_token"]!.GetValue<string>();

        Assert.Equal(401, (await Call(slug, null)).Code);
        AdminHttp.Reply? accepted = null;
        await Eventually.Holds(async () => (accepted = await Call(slug, accessToken)).Code == 200, TimeSpan.FromSeconds(15), "the token accepted");
        Assert.Equal(consumer.Json["id"]!.GetValue<string>(), accepted!.Json["headers"]!["x-consumer-id"]!.GetValue<string>());

        // A token without the scope the route requires is forbidden; a scope the credential does not allow is not granted.
        var (_, plain) = await Token(clientId, secret, null);
        Assert.Equal(403, (await Call(slug, plain["access_token"]!.GetValue<string>())).Code);
        var (_, greedy) = await Token(clientId, secret, "orders:write");
        Assert.Equal(403, (await Call(slug, greedy["access_token"]!.GetValue<string>())).Code);
    }

    [Fact]
    public async Task Wrong_secrets_unknown_clients_and_other_tenants_tokens_are_refused()
    {
        var (slug, admin) = await Tenant();
        var (other, _) = await Tenant();
        await admin.Post($"/{slug}/consumers", """{"username":"app"}""");
        var credential = (await admin.Post($"/{slug}/consumers/app/oauth2", """{"name":"app","scopes":["orders:read"]}""")).Json;
        var clientId = credential["client_id"]!.GetValue<string>();

        var (wrongStatus, wrong) = await Token(clientId, "not-the-secret", "orders:read");
        Assert.NotEqual(HttpStatusCode.OK, wrongStatus);
        Assert.Equal("invalid_client", wrong["error"]!.GetValue<string>());
        Assert.Equal("invalid_client", (await Token($"{slug}.unknown", "x", null)).Body["error"]!.GetValue<string>());

        // A client id must name its tenant.
        var foreign = await admin.Post($"/{slug}/consumers/app/oauth2", $$"""{"name":"x","client_id":"{{other}}.stolen"}""");
        Assert.Equal(400, foreign.Code);
        Assert.Equal($"must start with '{slug}.'", foreign.Json["fields"]!["client_id"]!.GetValue<string>());

        // A token of one tenant is for that tenant only (its audience).
        var (_, token) = await Token(clientId, credential["client_secret"]!.GetValue<string>(), "orders:read");
        await Eventually.Holds(async () => (await Call(slug, token["access_token"]!.GetValue<string>())).Code == 200, TimeSpan.FromSeconds(15), "accepted by its tenant");
        Assert.Equal(401, (await Call(other, token["access_token"]!.GetValue<string>())).Code);
    }
}
