using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tollgate.Portal;

/// <summary>
/// The developer portal as a tenant sets it up and a developer uses it, in a real browser: the tenant's look,
/// approval of new developers, an OpenAPI reference whose "try it" calls through the gateway, and key rotation
/// with an overlap.
/// </summary>
public class DeveloperPortalTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private TollgateNode _node = default!;
    private TestUpstream _upstream = default!;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.Start("orders-api");
        _node = await TollgateNode.Start(NodeSettings.Sqlite());
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private const string OrdersApi = """
        openapi: 3.0.3
        info:
          title: Orders API
          version: "1.0"
        paths:
          /orders/{id}:
            get:
              tags: [orders]
              summary: One order
              parameters:
              - name: id
                in: path
                required: true
                schema: { type: string, example: "42" }
              responses:
                "200":
                  description: The order
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Order" }
        components:
          schemas:
            Order:
              type: object
              required: [id]
              properties:
                id: { type: string, description: The order's number }
                total: { type: number }
        """;

    private async Task<int> Call(string slug, string path, string? key) =>
        (await _node.Proxy($"{slug}.localhost", HttpMethod.Get, path, null, key is null ? [] : [("apikey", key)])).Code;

    [Fact]
    public async Task A_tenant_brands_its_portal_approves_a_developer_whose_rotated_keys_overlap_and_whose_try_it_goes_through_the_gateway()
    {
        var slug = AdminHttp.NewSlug("hub");
        var owner = await ConsoleVisitor.SignUpWithOrdersApi(browser, _node, slug, _upstream.Address);
        await owner.GetByLabel("Require API keys for orders").CheckAsync();
        await Eventually.Holds(async () => await Call(slug, "/orders/1", null) == 401, TimeSpan.FromSeconds(30), "keys required");

        // Look and access: a wrong colour is refused on its field; then the settings are saved.
        await ConsoleVisitor.Open(owner, _node, slug, "portal-settings");
        await owner.GetByTestId("portal-title-input").FillAsync("Acme Developer Hub");
        await owner.GetByTestId("portal-color-input").FillAsync("blue");
        await owner.GetByTestId("portal-approve").CheckAsync();
        await owner.GetByTestId("portal-save").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("appearance")).ToContainTextAsync("Enter a colour as #rrggbb");
        await owner.GetByTestId("portal-color-input").FillAsync("#7a1e4f");
        await owner.GetByTestId("portal-save").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("appearance")).Not.ToContainTextAsync("Enter a colour");

        // The service is published with its OpenAPI document; a document that is not OpenAPI is refused.
        await owner.GetByTestId("product-orders").ClickAsync();
        await owner.GetByTestId("openapi-orders").FillAsync("title: not an api");
        await owner.GetByTestId("publish-orders").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("products")).ToContainTextAsync("no \"openapi\" version");
        await owner.GetByTestId("openapi-orders").FillAsync(OrdersApi);
        await owner.GetByTestId("publish-orders").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("unpublish-orders")).ToBeVisibleAsync();
        await Browser.Screenshot(owner, "console-portal-settings");

        // The developer sees the tenant's portal and signs up; their account waits for approval.
        // The portal also answers at {tenant}.portal.{GatewayDomain} (Chromium resolves *.localhost to loopback).
        var developer = await browser.NewVisitor();
        await developer.GotoAsync($"http://{slug}.portal.localhost:{_node.Settings.PortalPort}/");
        await developer.WaitForURLAsync($"**/portal/{slug}");
        await Assertions.Expect(developer.GetByTestId("portal-title")).ToHaveTextAsync("Acme Developer Hub");
        await developer.GotoAsync($"{_node.PortalUrl}/portal/{slug}");
        await ConsoleVisitor.DeveloperSignUp(developer, _node, slug);
        await Assertions.Expect(developer.GetByTestId("awaiting-approval")).ToBeVisibleAsync();
        Assert.Equal(0, await developer.Locator("#app-create").CountAsync());

        await owner.ReloadAsync();
        await Browser.Interactive(owner);
        await Assertions.Expect(owner.GetByTestId("developers")).ToContainTextAsync("waiting for approval");
        await owner.GetByTestId($"approve-dev@{slug}.example").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("developers")).ToContainTextAsync("approved");

        await developer.ReloadAsync();
        await Browser.Interactive(developer);
        await developer.GetByLabel("Application name").FillAsync("billing");
        await developer.ClickAsync("#app-create");
        var first = await developer.GetByTestId("key-value").InnerTextAsync();
        await Eventually.Holds(async () => await Call(slug, "/orders/1", first) == 200, TimeSpan.FromSeconds(30), "the first key accepted");

        // Rotation: a new key, and the old one keeps working for the grace period (Kong's ttl counts it down).
        await developer.GetByTestId("app-rotate").ClickAsync();
        await developer.GetByText("New key; this one works 1 hour more").ClickAsync();
        await Assertions.Expect(developer.GetByTestId("key-value")).Not.ToHaveTextAsync(first);
        var second = await developer.GetByTestId("key-value").InnerTextAsync();
        await Assertions.Expect(developer.GetByTestId("app-key-expires")).ToContainTextAsync(new Regex("stops working in (59 min|1 h)"));
        await Browser.Screenshot(developer, "portal-key-rotation");
        Assert.Equal(200, await Call(slug, "/orders/1", second));
        Assert.Equal(200, await Call(slug, "/orders/1", first));
        var consumer = (await _node.Operator().Get($"/{slug}/consumers")).Body!["data"]![0]!["username"]!.GetValue<string>();
        var ttls = (await _node.Operator().Get($"/{slug}/consumers/{consumer}/key-auth")).Body!["data"]!.AsArray()
            .Select(k => k!["ttl"]?.GetValue<long>()).ToList();
        Assert.Single(ttls, t => t is null);
        Assert.Single(ttls, t => t is > 3500 and <= 3600);

        // The reference renders the document, and "try it" calls through the gateway with the developer's key.
        await developer.GotoAsync($"{_node.PortalUrl}/portal/{slug}");
        await Browser.Interactive(developer);
        await developer.GetByTestId("reference").ClickAsync();
        await developer.WaitForURLAsync($"**/portal/{slug}/apis/orders");
        await Browser.Interactive(developer);
        await Assertions.Expect(developer.GetByTestId("reference-title")).ToHaveTextAsync("Orders API");
        await developer.GetByTestId("operation").ClickAsync();
        await Assertions.Expect(developer.GetByTestId("operation")).ToContainTextAsync("The order's number");
        await developer.GetByTestId("try-send").ClickAsync();
        await Assertions.Expect(developer.GetByTestId("try-status")).ToContainTextAsync("401");
        await developer.GetByTestId("try-key").FillAsync(second);
        await developer.GetByTestId("try-id").FillAsync("77");
        await developer.GetByTestId("try-send").ClickAsync();
        await Assertions.Expect(developer.GetByTestId("try-status")).ToContainTextAsync("200");
        await Assertions.Expect(developer.GetByTestId("try-response")).ToContainTextAsync("/orders/77");
        await Browser.Screenshot(developer, "portal-api-reference");
    }

    [Fact]
    public async Task A_developer_picks_a_plan_the_tenant_offers_and_sees_what_is_left_of_its_limit()
    {
        var slug = AdminHttp.NewSlug("plans");
        var owner = await ConsoleVisitor.SignUpWithOrdersApi(browser, _node, slug, _upstream.Address);
        await owner.GetByLabel("Require API keys for orders").CheckAsync();
        var admin = _node.Operator();
        foreach (var (group, month) in new[] { ("gold", 1000), ("internal", 5) })
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.Post($"/{slug}/consumer_groups", $$"""{"name":"{{group}}"}""")).Status);
            Assert.Equal(HttpStatusCode.Created, (await admin.Post($"/{slug}/consumer_groups/{group}/plugins",
                $$$"""{"name":"rate-limiting","config":{"month":{{{month}}}}}""")).Status);
        }

        // Only the group the tenant offers is a plan in the portal.
        await ConsoleVisitor.Open(owner, _node, slug, "portal-settings");
        await owner.GetByLabel("Offer gold in the portal").CheckAsync();
        await Assertions.Expect(owner.GetByTestId("plans")).ToContainTextAsync("gold: 1,000 / month");

        var developer = await browser.NewVisitor();
        await ConsoleVisitor.DeveloperSignUp(developer, _node, slug);
        await developer.GetByLabel("Application name").FillAsync("reports");
        await developer.ClickAsync("#app-create");
        await Assertions.Expect(developer.GetByText("Choose a plan for the application")).ToBeVisibleAsync();
        await developer.GetByTestId("app-plan").ClickAsync();
        await Assertions.Expect(developer.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(1);
        await developer.Locator(".mud-popover-open .mud-list-item").GetByText("gold (1,000 / month)").ClickAsync();
        await developer.ClickAsync("#app-create");
        var key = await developer.GetByTestId("key-value").InnerTextAsync();
        await Assertions.Expect(developer.GetByTestId("app-plan-name")).ToContainTextAsync("gold");

        // The gateway applies the plan's limit to the application's requests.
        await Eventually.Holds(async () => await Call(slug, "/orders/1", key) == 200, TimeSpan.FromSeconds(30), "the key accepted");
        var limited = await _node.Proxy($"{slug}.localhost", HttpMethod.Get, "/orders/2", null, ("apikey", key));
        Assert.Equal("1000", limited.Response.Headers.GetValues("X-RateLimit-Limit-Month").Single());
        await Call(slug, "/orders/3", key);

        await Assertions.Expect(developer.GetByTestId("app-quota")).ToHaveTextAsync("997 of 1,000 requests left this month", new() { Timeout = 45_000 });
        await Browser.Screenshot(developer, "portal-plan-quota");
    }

    [Fact]
    public async Task A_developer_makes_an_oauth_client_whose_tokens_the_gateway_accepts_for_the_offered_scopes()
    {
        var slug = AdminHttp.NewSlug("oidc");
        var owner = await ConsoleVisitor.SignUpWithOrdersApi(browser, _node, slug, _upstream.Address);
        var plugin = await _node.Operator().Post($"/{slug}/services/orders/plugins", $$$"""
            {"name":"openid-connect","config":{"issuer":"{{{_node.PortalUrl}}}","audience_required":["{{{slug}}}"],
             "scopes_required":["orders:read"],"consumer_claim":["sub"],"consumer_by":["id"]}}
            """);
        Assert.True(plugin.Status == HttpStatusCode.Created, plugin.Text);

        await ConsoleVisitor.Open(owner, _node, slug, "portal-settings");
        await owner.GetByTestId("portal-oauth").CheckAsync();
        await owner.GetByTestId("portal-scopes").FillAsync("orders:read");
        await owner.GetByTestId("portal-save").ClickAsync();
        await Assertions.Expect(owner.Locator(".mud-snackbar")).ToContainTextAsync("The developer portal is updated");

        var developer = await browser.NewVisitor();
        await ConsoleVisitor.DeveloperSignUp(developer, _node, slug);
        await developer.GetByLabel("Application name").FillAsync("dashboards");
        await developer.ClickAsync("#app-create");
        await Assertions.Expect(developer.GetByTestId("key-value")).ToBeVisibleAsync();
        await developer.GetByTestId("app-new-client").ClickAsync();
        var clientId = await developer.GetByTestId("client-id").InnerTextAsync();
        var secret = await developer.GetByTestId("client-secret").InnerTextAsync();
        await Browser.Screenshot(developer, "portal-oauth-client");

        using var http = new HttpClient();
        using var answer = await http.PostAsync($"{_node.PortalUrl}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "orders:read",
        }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var token = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        await Eventually.Holds(async () => (await _node.Proxy($"{slug}.localhost", HttpMethod.Get, "/orders/1", null, ("Authorization", $"Bearer {token}"))).Code == 200,
            TimeSpan.FromSeconds(30), "the token accepted by the gateway");
        Assert.Equal(401, await Call(slug, "/orders/1", null));
    }
}
