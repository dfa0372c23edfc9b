using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tollgate.Portal;

/// <summary>
/// The console's configuration pages in a real browser: entity lists with search and paging, schema-driven forms with
/// the Admin API's own field errors, plugins, keys, admin tokens and declarative import, checked at the gateway and
/// the Admin API.
/// </summary>
public class ConsoleConfigurationTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private TollgateNode _node = default!;
    private TestUpstream _upstream = default!;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.Start("configured");
        _node = await TollgateNode.Start(NodeSettings.Sqlite());
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    /// <summary>An operator client of the tenant's workspace, to check what the console stored.</summary>
    private HttpClient Admin => _node.Operator();

    private static ILocator Field(IPage page, string path) => page.GetByTestId($"field-{path}").Locator("input, textarea").First;

    /// <summary>Opens a MudSelect by its test id and picks the option with the text.</summary>
    private static async Task Choose(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
    }

    private async Task<int> GatewayStatus(string slug, string path, params (string, string)[] headers) =>
        (int)(await _node.Proxy($"{slug}.localhost", HttpMethod.Get, path, null, headers)).Code;

    [Fact]
    public async Task Services_and_routes_are_created_searched_edited_and_deleted_with_the_admin_api_field_errors_inline()
    {
        var slug = AdminHttp.NewSlug("crud");
        var page = await ConsoleVisitor.SignUp(browser, _node, slug, $"owner@{slug}.example");
        await ConsoleVisitor.Open(page, _node, slug, "services");
        await Assertions.Expect(page.GetByTestId("empty")).ToHaveTextAsync("No services yet.");

        // A bad host is refused by the Admin API's validator, shown on the field, and nothing is stored.
        await page.GetByTestId("new").ClickAsync();
        await Field(page, "name").FillAsync("billing");
        await Field(page, "host").FillAsync("not a host!");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-error")).ToContainTextAsync("schema violation");
        await Assertions.Expect(page.GetByTestId("field-host")).ToContainTextAsync("invalid value: not a host!");
        await Browser.Screenshot(page, "console-service-form-error");
        Assert.Empty((await Admin.Get($"/{slug}/services")).Body!["data"]!.AsArray());

        await Field(page, "host").FillAsync("127.0.0.1");
        await Field(page, "port").FillAsync(_upstream.Port.ToString());
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entities")).ToContainTextAsync($"http://127.0.0.1:{_upstream.Port}");

        await page.GetByTestId("nav-routes").ClickAsync();
        await page.WaitForURLAsync($"**/console/{slug}/routes");
        await Browser.Interactive(page);
        await page.GetByTestId("new").ClickAsync();
        await Field(page, "name").FillAsync("billing-route");
        await Field(page, "paths").FillAsync("/billing");
        await Choose(page, "field-service", "billing");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entities")).ToContainTextAsync("/billing");
        await Assertions.Expect(page.GetByTestId("entities")).ToContainTextAsync("billing");
        await Browser.Screenshot(page, "console-routes");
        await Eventually.Holds(async () => await GatewayStatus(slug, "/billing/x") == 200, TimeSpan.FromSeconds(30), "the route served");

        // Search runs on the server over the tenant's routes.
        await page.GetByTestId("search").FillAsync("nothing-like-this");
        await Assertions.Expect(page.GetByTestId("empty")).ToContainTextAsync("Nothing matches");
        await page.GetByTestId("search").FillAsync("/BILL");
        await Assertions.Expect(page.GetByTestId("entities")).ToContainTextAsync("billing-route");

        await page.GetByTestId("edit-billing-route").ClickAsync();
        await Field(page, "paths").FillAsync("/invoices");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("editor")).ToHaveCountAsync(0);
        await Eventually.Holds(async () => await GatewayStatus(slug, "/invoices/1") == 200 && await GatewayStatus(slug, "/billing/1") == 404,
            TimeSpan.FromSeconds(30), "the edited path served instead of the old one");

        await page.GetByTestId("search").FillAsync("");
        await page.GetByTestId("delete-billing-route").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        Assert.Empty((await Admin.Get($"/{slug}/routes")).Body!["data"]!.AsArray());
        await Eventually.Holds(async () => await GatewayStatus(slug, "/invoices/1") == 404, TimeSpan.FromSeconds(30), "the deleted route gone");
    }

    [Fact]
    public async Task A_plugin_is_configured_through_the_form_its_schema_generates_and_switched_off_in_place()
    {
        var slug = AdminHttp.NewSlug("plug");
        var page = await ConsoleVisitor.SignUpWithOrdersApi(browser, _node, slug, _upstream.Address);

        await ConsoleVisitor.Open(page, _node, slug, "plugins");
        await page.GetByTestId("new").ClickAsync();
        await Choose(page, "field-name", "rate-limiting");
        // The config's fields come from the rate-limiting schema, with its defaults filled in.
        await Assertions.Expect(Field(page, "config.policy")).ToHaveValueAsync("local");
        await Field(page, "config.minute").FillAsync("-5");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("field-config.minute")).ToContainTextAsync("value must be greater than 0");
        Assert.Empty((await Admin.Get($"/{slug}/plugins")).Body!["data"]!.AsArray());
        await Browser.Screenshot(page, "console-plugin-form");

        await Field(page, "config.minute").FillAsync("50");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entities")).ToContainTextAsync("rate-limiting");
        await Eventually.Holds(async () =>
            (await _node.Proxy($"{slug}.localhost", "/orders")).Response.Headers.TryGetValues("X-RateLimit-Limit-Minute", out var limit) && limit.Single() == "50",
            TimeSpan.FromSeconds(30), "the rate limit applied");

        await page.GetByLabel("Enable rate-limiting").UncheckAsync();
        await Eventually.Holds(async () => !(await _node.Proxy($"{slug}.localhost", "/orders")).Response.Headers.Contains("X-RateLimit-Limit-Minute"),
            TimeSpan.FromSeconds(30), "the disabled plugin no longer applied");
        var stored = (await Admin.Get($"/{slug}/plugins")).Body!["data"]![0]!;
        Assert.False(stored["enabled"]!.GetValue<bool>());
        Assert.Equal(50, stored["config"]!["minute"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_consumer_key_made_in_the_console_is_shown_once_and_opens_the_gateway()
    {
        var slug = AdminHttp.NewSlug("keys");
        var page = await ConsoleVisitor.SignUpWithOrdersApi(browser, _node, slug, _upstream.Address);
        await page.GetByLabel("Require API keys for orders").CheckAsync();
        await Eventually.Holds(async () => await GatewayStatus(slug, "/orders") == 401, TimeSpan.FromSeconds(30), "keys required");

        await ConsoleVisitor.Open(page, _node, slug, "consumers");
        await page.GetByTestId("new").ClickAsync();
        await Field(page, "username").FillAsync("luka");
        await page.GetByTestId("save").ClickAsync();
        await page.GetByTestId("key-auth-luka").ClickAsync();
        await page.WaitForURLAsync($"**/console/{slug}/consumers/luka/key-auth");
        await Browser.Interactive(page);
        await page.GetByTestId("new").ClickAsync();
        await page.GetByTestId("save").ClickAsync();
        var key = await page.GetByTestId("new-secret").TextContentAsync();
        Assert.False(string.IsNullOrEmpty(key));
        await Browser.Screenshot(page, "console-consumer-key");
        Assert.Equal(200, await GatewayStatus(slug, "/orders", ("apikey", key!)));

        // The key is stored hashed: neither the list nor the Admin API shows it again.
        await page.ReloadAsync();
        await Browser.Interactive(page);
        await Assertions.Expect(page.GetByTestId("entities")).Not.ToContainTextAsync(key!);
        Assert.DoesNotContain(key!, (await Admin.Get($"/{slug}/consumers/luka/key-auth")).Text);
    }

    [Fact]
    public async Task An_upstream_s_targets_show_the_health_the_gateway_nodes_report()
    {
        var slug = AdminHttp.NewSlug("health");
        var page = await ConsoleVisitor.SignUp(browser, _node, slug, $"owner@{slug}.example");
        var dead = $"127.0.0.1:{TollgateNode.FreePort()}";
        Assert.Equal(HttpStatusCode.Created, (await Admin.Post($"/{slug}/upstreams",
            """{"name":"pool.internal","healthchecks":{"passive":{"unhealthy":{"tcp_failures":1}}}}""")).Status);
        await Admin.Post($"/{slug}/upstreams/pool.internal/targets", $$"""{"target":"{{_upstream.Address}}"}""");
        await Admin.Post($"/{slug}/upstreams/pool.internal/targets", $$"""{"target":"{{dead}}"}""");
        await Admin.Post($"/{slug}/services", """{"name":"pooled","host":"pool.internal"}""");
        await Admin.Post($"/{slug}/services/pooled/routes", """{"paths":["/pooled"]}""");
        await Eventually.Holds(async () => await GatewayStatus(slug, "/pooled") == 200, TimeSpan.FromSeconds(30), "the pool served");
        for (var i = 0; i < 6; i++) await GatewayStatus(slug, "/pooled");

        await ConsoleVisitor.Open(page, _node, slug, "upstreams");
        await page.GetByTestId("targets-pool.internal").ClickAsync();
        await page.WaitForURLAsync($"**/console/{slug}/upstreams/pool.internal/targets");
        await Browser.Interactive(page);
        await Eventually.Holds(async () =>
        {
            await page.ReloadAsync();
            await Browser.Interactive(page);
            var rows = await page.GetByTestId("entities").Locator("tbody tr").AllTextContentsAsync();
            return rows.Any(r => r.Contains(dead) && r.Contains("UNHEALTHY")) && rows.Any(r => r.Contains(_upstream.Address) && r.Contains("HEALTHY") && !r.Contains("UNHEALTHY"));
        }, TimeSpan.FromSeconds(30), "the dead target shown unhealthy");
        await Browser.Screenshot(page, "console-targets-health");
    }

    [Fact]
    public async Task An_admin_token_made_in_the_console_works_with_the_admin_api_until_it_is_revoked()
    {
        var slug = AdminHttp.NewSlug("tokens");
        var page = await ConsoleVisitor.SignUp(browser, _node, slug, $"owner@{slug}.example");
        await ConsoleVisitor.Open(page, _node, slug, "tokens");
        await page.GetByTestId("token-name").FillAsync("ci-deploy");
        await page.GetByTestId("create-token").ClickAsync();
        var token = await page.GetByTestId("new-token").TextContentAsync();
        Assert.StartsWith("tgt_", token);
        await Browser.Screenshot(page, "console-admin-tokens");

        var script = _node.AdminAs(token!);
        Assert.Equal(HttpStatusCode.OK, (await script.Get($"/{slug}/services")).Status);

        await page.GetByTestId("revoke-ci-deploy").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("tokens")).Not.ToContainTextAsync("ci-deploy");
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.Get($"/{slug}/services")).Status);
    }

    [Fact]
    public async Task A_declarative_file_is_previewed_as_a_diff_refused_whole_when_wrong_and_applied_on_request()
    {
        var slug = AdminHttp.NewSlug("decl");
        var page = await ConsoleVisitor.SignUpWithOrdersApi(browser, _node, slug, _upstream.Address);

        await ConsoleVisitor.Open(page, _node, slug, "config");
        await Assertions.Expect(page.GetByTestId("export")).ToContainTextAsync("name: orders");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Import" }).ClickAsync();

        var document = page.GetByTestId("document");
        var payments = $"""
            _format_version: "3.0"
            services:
            - name: payments
              url: http://{_upstream.Address}
              routes:
              - name: payments-route
                paths: [/payments]

            """;
        await document.FillAsync(payments + """
            - name: broken
              protocol: gopher
              host: example.com
            """);
        await page.GetByTestId("preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-errors")).ToContainTextAsync("protocol");
        await Assertions.Expect(page.GetByTestId("import-errors")).ToContainTextAsync("Nothing was changed.");

        await document.FillAsync(payments);
        await page.GetByTestId("preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("diff")).ToContainTextAsync(new Regex("create\\s*service\\s*payments"));
        await Assertions.Expect(page.GetByTestId("diff")).ToContainTextAsync(new Regex("delete\\s*service\\s*orders"));
        await Browser.Screenshot(page, "console-import-preview");
        // A preview changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await Admin.Get($"/{slug}/services/orders")).Status);

        await page.GetByTestId("apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("diff")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Export" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("export")).ToContainTextAsync("name: payments");
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Get($"/{slug}/services/orders")).Status);
        await Eventually.Holds(async () => await GatewayStatus(slug, "/payments") == 200, TimeSpan.FromSeconds(30), "the imported route served");
    }

    [Fact]
    public async Task The_entity_pages_page_through_long_lists_on_the_server_and_fit_a_phone()
    {
        var slug = AdminHttp.NewSlug("pages");
        await ConsoleVisitor.SignUp(browser, _node, slug, $"owner@{slug}.example");
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Admin.Post($"/{slug}/consumers", $$"""{"username":"user-{{i:D2}}"}""")).Status);
        }
        var phone = await browser.NewVisitor(width: 390);
        await phone.GotoAsync($"{_node.PortalUrl}/signin");
        await phone.FillAsync("#email", $"owner@{slug}.example");
        await phone.FillAsync("#password", ConsoleVisitor.Password);
        await phone.ClickAsync("button[type=submit]");
        await phone.WaitForURLAsync("**/console**");
        await ConsoleVisitor.Open(phone, _node, slug, "consumers");
        // Kong's order (creation time, then id) is not the names' order: the pages together hold each consumer once.
        var rows = phone.GetByTestId("entities").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(20);
        var first = await rows.AllTextContentsAsync();
        await phone.GetByTestId("next").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        var second = await rows.AllTextContentsAsync();
        await Assertions.Expect(phone.GetByTestId("next")).ToBeDisabledAsync();
        var seen = first.Concat(second).Select(row => Regex.Match(row, "user-\\d\\d").Value).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"user-{i:D2}"), seen.Order());
        await phone.GetByTestId("previous").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(20);
        // Nothing runs off the side of a phone's screen.
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await Browser.Screenshot(phone, "console-consumers-phone");
    }
}
