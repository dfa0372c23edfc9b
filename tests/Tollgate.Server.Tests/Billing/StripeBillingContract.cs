using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Analytics;
using Tollgate.Billing;
using Tollgate.Server.Gateway.Plugins;

namespace Tollgate.Server.Billing;

/// <summary>
/// Billing through Stripe, against the stand-in: customers and subscriptions follow the tenant's plan, closed hours
/// are reported once as meter events (retried through 429 and 5xx), and signed webhooks move a tenant from a failed
/// payment through its grace period to a 402 suspension and back. Run on the embedded store and on PostgreSQL.
/// </summary>
public abstract class StripeBillingContract(StripeNodeFixture fixture)
{
    private readonly TollgateNode _node = fixture.Node;
    private readonly StripeStandIn _stripe = fixture.Stripe;

    private Task<JsonObject> Billing(PluginTenant tenant) => Billing(tenant.Admin, tenant.Slug);

    private static async Task<JsonObject> Billing(HttpClient admin, string slug)
    {
        var reply = await admin.Get($"/{slug}/billing");
        Assert.True(reply.Code == 200, reply.Text);
        return reply.Json;
    }

    private async Task<AdminHttp.Reply> Webhook(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/stripe/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        using var response = await _node.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new AdminHttp.Reply(response.StatusCode, JsonNode.Parse(text), text, response);
    }

    private Task<AdminHttp.Reply> Deliver(string type, JsonObject data)
    {
        var (body, signature) = StripeStandIn.Event(type, data);
        return Webhook(body, signature);
    }

    private static JsonObject Invoice(string customer, string status, long amount) => new()
    {
        ["id"] = $"in_{Guid.NewGuid():N}", ["object"] = "invoice", ["customer"] = customer, ["status"] = status, ["currency"] = "usd",
        ["amount_due"] = amount, ["amount_paid"] = status == "paid" ? amount : 0,
        ["period_start"] = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeSeconds(), ["period_end"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["hosted_invoice_url"] = "https://invoice.stripe.com/i/test",
        ["lines"] = new JsonObject { ["object"] = "list", ["data"] = new JsonArray() },
    };

    [Fact]
    public async Task Sign_up_creates_a_customer_and_the_subscription_follows_the_plan()
    {
        var slug = AdminHttp.NewSlug("st");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"Acme {{slug}}"}""");
        Assert.True(created.Code == 201, created.Text);
        var admin = _node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        var customer = _stripe.Customers.Values.Single(c => c["metadata"]!["tollgate_tenant"]?.GetValue<string>() == slug);
        var customerId = customer["id"]!.GetValue<string>();
        Assert.Equal($"Acme {slug}", customer["name"]!.GetValue<string>());
        var account = (await admin.Get($"/{slug}/billing")).Json;
        Assert.Equal(("stripe", customerId, "free"), (account["provider"]!.GetValue<string>(), account["stripe_customer"]!.GetValue<string>(), account["plan"]!.GetValue<string>()));
        Assert.Null(account["stripe_subscription"]);
        Assert.DoesNotContain(_stripe.Subscriptions.Values, s => s["customer"]!.GetValue<string>() == customerId);

        Assert.Equal(200, (await _node.Operator().Patch($"/tenants/{slug}", """{"plan":"pro"}""")).Code);
        var subscriptionId = (await admin.Get($"/{slug}/billing")).Json["stripe_subscription"]!.GetValue<string>();
        Assert.Equal([ProBase, ProRequests], Prices(subscriptionId));
        Assert.Equal(customerId, _stripe.Subscriptions[subscriptionId]["customer"]!.GetValue<string>());

        Assert.Equal(200, (await _node.Operator().Patch($"/tenants/{slug}", """{"plan":"enterprise"}""")).Code);
        Assert.Equal([StripeNodeFixture.EnterpriseRequestsPrice], Prices(subscriptionId));
        Assert.Equal("enterprise", (await admin.Get($"/{slug}/billing")).Json["plan"]!.GetValue<string>());

        Assert.Equal(200, (await _node.Operator().Patch($"/tenants/{slug}", """{"plan":"free"}""")).Code);
        Assert.Equal("canceled", _stripe.Subscriptions[subscriptionId]["status"]!.GetValue<string>());
        Assert.Null((await admin.Get($"/{slug}/billing")).Json["stripe_subscription"]);
        // Every call carried the key, the API version and an idempotency key on writes.
        var calls = _stripe.Calls.Where(c => c.Path.StartsWith("/v1/")).ToList();
        Assert.All(calls, c => Assert.Equal($"Bearer {StripeStandIn.SecretKey}", c.Header("authorization")));
        Assert.All(calls.Where(c => c.Method == "POST"), c => Assert.False(string.IsNullOrEmpty(c.Header("idempotency-key"))));
    }

    private const string ProBase = StripeNodeFixture.ProBasePrice;
    private const string ProRequests = StripeNodeFixture.ProRequestsPrice;

    private string[] Prices(string subscription) =>
        [.. _stripe.Subscriptions[subscription]["items"]!["data"]!.AsArray().Select(i => i!["price"]!["id"]!.GetValue<string>()).Order()];

    [Fact]
    public async Task Closed_hours_are_reported_once_as_meter_events_totalling_the_billable_requests()
    {
        await using var tenant = await PluginTenant.Start(_node, """[{"name":"key-auth"}]""");
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;
        for (var i = 0; i < 23; i++) Assert.Equal(200, (await tenant.Get($"/api/{i}", ("apikey", "alice-key"))).Code);
        for (var i = 0; i < 4; i++) Assert.Equal(401, (await tenant.Get("/api", ("apikey", "wrong"))).Code);
        await Eventually.Holds(async () =>
            (await tenant.Admin.Get($"/{tenant.Slug}/analytics/requests?from={since}&granularity=minute&source=upstream")).Json["totals"]!["requests"]!.GetValue<long>() == 23,
            TimeSpan.FromSeconds(10), "23 proxied requests in analytics");

        var account = await Billing(tenant);
        var customer = account["stripe_customer"]!.GetValue<string>();
        var billing = _node.Grains.GetGrain<IBillingGrain>(tenant.Slug);
        // Later than the hour's end and its settle delay; the first attempt is refused twice and retried.
        _stripe.FailNext(429, 503);
        var later = DateTimeOffset.UtcNow.AddHours(2);
        var settled = await billing.Settle(later);
        Assert.Equal(23, settled.RequestsReported);
        var events = _stripe.MeterEvents.Values.Where(e => e.Customer == customer).ToList();
        Assert.Equal(23, events.Sum(e => e.Value));
        Assert.All(events, e => Assert.Equal("api_requests", e.EventName));
        Assert.All(events, e => Assert.Equal(0, e.Timestamp % 3600));
        var tenantId = (await tenant.Admin.Get($"/tenants/{tenant.Slug}")).Json["id"]!.GetValue<string>();
        Assert.All(events, e => Assert.StartsWith($"tollgate-{Guid.Parse(tenantId):N}-", e.Identifier));
        var first = events.OrderBy(e => e.Timestamp).First().Identifier;
        var attempts = _stripe.Calls.Where(c => c.Path == "/v1/billing/meter_events" && c.Form.GetValueOrDefault("identifier") == first).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.Header("idempotency-key")).Distinct());

        // Settling again, and through the platform's clock, sends nothing new for this tenant.
        int Sent() => _stripe.Calls.Count(c => c.Path == "/v1/billing/meter_events" && c.Form.GetValueOrDefault("payload[stripe_customer_id]") == customer);
        var sent = Sent();
        Assert.Equal(0, (await billing.Settle(later)).MeterEvents);
        await _node.Grains.GetGrain<IBillingClockGrain>(0).Run(later.AddMinutes(1));
        Assert.Equal(sent, Sent());

        // Requests that reach a reported hour late (a node's spool replayed) are billed as the difference.
        var hour = events.Max(e => e.Timestamp);
        var late = new UsageRow(hour / 60 + 30, Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, 200, UsageSource.Upstream, 5, 0, 0, [], [], []);
        await _node.Grains.GetGrain<IUsageGrain>(tenant.Slug).Record(new UsageBatch("late-" + Guid.NewGuid().ToString("N"), 1, tenant.Slug, [late]));
        var corrected = await billing.Settle(later.AddMinutes(20));
        Assert.Equal((1, 5L), (corrected.MeterEvents, corrected.RequestsReported));
        Assert.Equal(28, _stripe.MeterEvents.Values.Where(e => e.Customer == customer).Sum(e => e.Value));
        Assert.Contains(_stripe.MeterEvents.Values, e => e.Customer == customer && e.Timestamp == hour && e.Value == 5 && e.Identifier.EndsWith("-" + events.Single(x => x.Timestamp == hour).Value));
    }

    [Fact]
    public async Task Webhooks_with_a_bad_or_old_signature_are_refused_and_an_event_is_applied_once()
    {
        await using var tenant = await PluginTenant.Start(_node, "[]");
        var customer = (await Billing(tenant))["stripe_customer"]!.GetValue<string>();
        var invoice = Invoice(customer, "open", 9900);

        var (body, _) = StripeStandIn.Event("invoice.payment_failed", invoice);
        Assert.Equal(400, (await Webhook(body, null)).Code);
        var forged = StripeStandIn.Event("invoice.payment_failed", invoice, secret: "whsec_someone_else");
        var refused = await Webhook(forged.Body, forged.Signature);
        Assert.Equal(400, refused.Code);
        Assert.Contains("Stripe-Signature", refused.Json["message"]!.GetValue<string>());
        var replayed = StripeStandIn.Event("invoice.payment_failed", invoice, signedAt: DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
        Assert.Equal(400, (await Webhook(replayed.Body, replayed.Signature)).Code);
        var tampered = StripeStandIn.Event("invoice.payment_failed", invoice);
        Assert.Equal(400, (await Webhook(tampered.Body.Replace("9900", "1"), tampered.Signature)).Code);
        Assert.Equal("good", (await Billing(tenant))["standing"]!.GetValue<string>());
        Assert.Empty((await tenant.Admin.Get($"/{tenant.Slug}/billing/invoices")).Json["data"]!.AsArray());

        var good = StripeStandIn.Event("invoice.payment_failed", invoice);
        var accepted = await Webhook(good.Body, good.Signature);
        Assert.Equal(200, accepted.Code);
        Assert.Equal("applied", accepted.Json["result"]!.GetValue<string>());
        Assert.Equal("past_due", (await Billing(tenant))["standing"]!.GetValue<string>());
        // Stripe delivers at least once: the same event again is acknowledged and not applied again.
        var again = await Webhook(good.Body, good.Signature);
        Assert.Equal(200, again.Code);
        Assert.Equal("already handled", again.Json["result"]!.GetValue<string>());
        var invoices = (await tenant.Admin.Get($"/{tenant.Slug}/billing/invoices")).Json["data"]!.AsArray();
        Assert.Equal(("stripe", "payment_failed", 9900L), (invoices.Single()!["source"]!.GetValue<string>(), invoices[0]!["status"]!.GetValue<string>(), invoices[0]!["amount_cents"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_failed_payment_suspends_traffic_with_402_after_the_grace_period_and_a_paid_invoice_restores_it()
    {
        await using var tenant = await PluginTenant.Start(_node, "[]");
        await using var neighbour = await PluginTenant.Start(_node, "[]");
        var customer = (await Billing(tenant))["stripe_customer"]!.GetValue<string>();
        var billing = _node.Grains.GetGrain<IBillingGrain>(tenant.Slug);

        Assert.Equal(200, (await Deliver("invoice.payment_failed", Invoice(customer, "open", 9900))).Code);
        var pastDue = await Billing(tenant);
        Assert.Equal("past_due", pastDue["standing"]!.GetValue<string>());
        // In the grace period traffic flows.
        await billing.Settle(DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.Equal(200, (await tenant.Get("/api")).Code);

        await billing.Settle(DateTimeOffset.UtcNow.Add(StripeNodeFixture.Grace).AddMinutes(1));
        Assert.Equal("suspended", (await Billing(tenant))["standing"]!.GetValue<string>());
        await Eventually.Holds(async () => (await tenant.Get("/api")).Code == 402, TimeSpan.FromSeconds(5), "the suspension reaching the gateway");
        var refused = await tenant.Get("/api");
        Assert.Contains("suspended", refused.Json["message"]!.GetValue<string>());
        Assert.Equal(200, (await neighbour.Get("/api")).Code);
        var hits = tenant.UpstreamHits;

        Assert.Equal(200, (await Deliver("invoice.paid", Invoice(customer, "paid", 9900))).Code);
        Assert.Equal("good", (await Billing(tenant))["standing"]!.GetValue<string>());
        await Eventually.Holds(async () => (await tenant.Get("/api")).Code == 200, TimeSpan.FromSeconds(5), "the tenant's traffic restored");
        Assert.True(tenant.UpstreamHits > hits);
        Assert.Contains((await tenant.Admin.Get($"/{tenant.Slug}/billing/invoices")).Json["data"]!.AsArray(), i => i!["status"]!.GetValue<string>() == "paid");
    }

    [Fact]
    public async Task Subscription_events_move_the_tenant_between_plans()
    {
        await using var tenant = await PluginTenant.Start(_node, "[]");
        var account = await Billing(tenant);
        var (customer, subscription) = (account["stripe_customer"]!.GetValue<string>(), account["stripe_subscription"]!.GetValue<string>());
        JsonObject Subscription(string status, string price) => new()
        {
            ["id"] = subscription, ["object"] = "subscription", ["customer"] = customer, ["status"] = status,
            ["items"] = new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = "si_x", ["object"] = "subscription_item", ["price"] = new JsonObject { ["id"] = price, ["object"] = "price" } }) },
        };

        Assert.Equal(200, (await Deliver("customer.subscription.updated", Subscription("active", StripeNodeFixture.EnterpriseRequestsPrice))).Code);
        Assert.Equal("enterprise", (await tenant.Admin.Get($"/tenants/{tenant.Slug}")).Json["plan"]!.GetValue<string>());
        Assert.Equal(200, (await Deliver("customer.subscription.deleted", Subscription("canceled", StripeNodeFixture.EnterpriseRequestsPrice))).Code);
        Assert.Equal("free", (await tenant.Admin.Get($"/tenants/{tenant.Slug}")).Json["plan"]!.GetValue<string>());
        Assert.Null((await Billing(tenant))["stripe_subscription"]);
    }

    /// <summary>A tenant created on the free plan: its admin client and Stripe customer.</summary>
    private async Task<(string Slug, HttpClient Admin, string Customer)> FreeTenant()
    {
        var slug = AdminHttp.NewSlug("co");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"Checkout {{slug}}"}""");
        Assert.True(created.Code == 201, created.Text);
        var admin = _node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        return (slug, admin, (await admin.Get($"/{slug}/billing")).Json["stripe_customer"]!.GetValue<string>());
    }

    private static string CheckoutBody(string plan) =>
        $$"""{"plan":"{{plan}}","success_url":"https://console.example/billing?checkout={CHECKOUT_SESSION_ID}","cancel_url":"https://console.example/billing"}""";

    private async Task<string> OpenCheckout(HttpClient admin, string slug, string plan)
    {
        var opened = await admin.Post($"/{slug}/billing/checkout", CheckoutBody(plan));
        Assert.True(opened.Code == 201, opened.Text);
        return opened.Json["id"]!.GetValue<string>();
    }

    private string[] ActiveSubscriptions(string customer) =>
        [.. _stripe.Subscriptions.Values.Where(s => s["customer"]!.GetValue<string>() == customer && s["status"]!.GetValue<string>() == "active").Select(s => s["id"]!.GetValue<string>())];

    [Fact]
    public async Task A_free_tenant_subscribes_through_checkout_and_the_completed_session_moves_its_plan_once()
    {
        var (slug, admin, customer) = await FreeTenant();
        var opened = await admin.Post($"/{slug}/billing/checkout", CheckoutBody("pro"));
        Assert.True(opened.Code == 201, opened.Text);
        var sessionId = opened.Json["id"]!.GetValue<string>();
        Assert.Equal($"{_stripe.Url}/pay/{sessionId}", opened.Json["url"]!.GetValue<string>());
        Assert.True(opened.Json["expires_at"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var call = _stripe.Calls.Single(c => c.Path == "/v1/checkout/sessions" && c.Form.GetValueOrDefault("customer") == customer);
        Assert.Equal(("subscription", ProBase, "1", ProRequests), (call.Form["mode"], call.Form["line_items[0][price]"], call.Form["line_items[0][quantity]"], call.Form["line_items[1][price]"]));
        Assert.False(call.Form.ContainsKey("line_items[1][quantity]"));
        Assert.Equal((slug, "pro"), (call.Form["metadata[tollgate_tenant]"], call.Form["subscription_data[metadata][tollgate_plan]"]));
        // Until the session is paid nothing changes.
        Assert.Equal("free", (await Billing(admin, slug))["plan"]!.GetValue<string>());
        Assert.Empty(ActiveSubscriptions(customer));

        var session = await _stripe.Pay(sessionId);
        var delivered = await Deliver("checkout.session.completed", session);
        Assert.Equal(("applied", 200), (delivered.Json["result"]!.GetValue<string>(), delivered.Code));
        var subscription = session["subscription"]!.GetValue<string>();
        var account = await Billing(admin, slug);
        Assert.Equal(("pro", subscription), (account["plan"]!.GetValue<string>(), account["stripe_subscription"]!.GetValue<string>()));
        Assert.Equal("pro", (await _node.Operator().Get($"/tenants/{slug}")).Json["plan"]!.GetValue<string>());
        Assert.Equal([ProBase, ProRequests], Prices(subscription));

        // Stripe delivers again (a new event id for the same session): still one subscription, on the same plan.
        Assert.Equal(200, (await Deliver("checkout.session.completed", session)).Code);
        Assert.Equal([subscription], ActiveSubscriptions(customer));
        // A tenant that pays changes plan in place, never through a second subscription.
        var again = await admin.Post($"/{slug}/billing/checkout", CheckoutBody("enterprise"));
        Assert.Equal(409, again.Code);
        Assert.Contains("plan: the tenant already has a subscription", again.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Checkout_refuses_a_free_or_unknown_plan_and_a_bad_url_naming_the_field_and_opens_nothing()
    {
        var (slug, admin, customer) = await FreeTenant();
        foreach (var (body, field, rule) in new[]
        {
            (CheckoutBody("free"), "plan", "a checkout subscribes to a paid plan"),
            (CheckoutBody("platinum"), "plan", "unknown plan"),
            (CheckoutBody("pro").Replace("https://console.example/billing\"}", "javascript:alert(1)\"}"), "cancel_url", "expected an absolute http or https URL"),
            ("""{"plan":"pro","success_url":"https://a.example/"}""", "cancel_url", "required field missing"),
            ("""{"plan":"pro","success_url":"https://a.example/","cancel_url":"https://a.example/","coupon":"x"}""", "coupon", "unknown field"),
        })
        {
            var refused = await admin.Post($"/{slug}/billing/checkout", body);
            Assert.True(refused.Code == 400, refused.Text);
            Assert.Contains(rule, refused.Json["fields"]![field]!.GetValue<string>());
        }
        Assert.DoesNotContain(_stripe.Calls, c => c.Path == "/v1/checkout/sessions" && c.Form.GetValueOrDefault("customer") == customer);
        Assert.Equal(405, (await admin.Get($"/{slug}/billing/checkout")).Code);
    }

    [Fact]
    public async Task A_second_completed_checkout_replaces_the_first_subscription_so_usage_is_never_billed_twice()
    {
        var (slug, admin, customer) = await FreeTenant();
        var first = await OpenCheckout(admin, slug, "pro");
        var second = await OpenCheckout(admin, slug, "enterprise");
        var paidFirst = await _stripe.Pay(first);
        var paidSecond = await _stripe.Pay(second);

        Assert.Equal(200, (await Deliver("checkout.session.completed", paidFirst)).Code);
        Assert.Equal("pro", (await Billing(admin, slug))["plan"]!.GetValue<string>());
        Assert.Equal(200, (await Deliver("checkout.session.completed", paidSecond)).Code);
        var account = await Billing(admin, slug);
        Assert.Equal(("enterprise", paidSecond["subscription"]!.GetValue<string>()), (account["plan"]!.GetValue<string>(), account["stripe_subscription"]!.GetValue<string>()));
        Assert.Equal([paidSecond["subscription"]!.GetValue<string>()], ActiveSubscriptions(customer));
        Assert.Equal("canceled", _stripe.Subscriptions[paidFirst["subscription"]!.GetValue<string>()]["status"]!.GetValue<string>());
        Assert.Equal("enterprise", (await _node.Operator().Get($"/tenants/{slug}")).Json["plan"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_completion_that_cannot_reach_stripe_is_answered_503_and_applied_when_delivered_again()
    {
        var (slug, admin, customer) = await FreeTenant();
        var session = await _stripe.Pay(await OpenCheckout(admin, slug, "pro"));
        var (body, signature) = StripeStandIn.Event("checkout.session.completed", session);
        // Every attempt to read the subscription back fails.
        _stripe.FailNext(500, 500, 500, 500);
        var failed = await Webhook(body, signature);
        Assert.Equal(503, failed.Code);
        Assert.Equal("free", (await Billing(admin, slug))["plan"]!.GetValue<string>());

        // Stripe retries the same event: it was not taken as handled.
        var retried = await Webhook(body, signature);
        Assert.Equal(("applied", 200), (retried.Json["result"]!.GetValue<string>(), retried.Code));
        Assert.Equal("pro", (await Billing(admin, slug))["plan"]!.GetValue<string>());
        Assert.Equal([session["subscription"]!.GetValue<string>()], ActiveSubscriptions(customer));
    }

    [Fact]
    public async Task Returning_from_checkout_completes_it_without_the_webhook_and_only_for_the_tenant_that_paid()
    {
        var (slug, admin, _) = await FreeTenant();
        var (other, otherAdmin, _) = await FreeTenant();
        var sessionId = await OpenCheckout(admin, slug, "pro");
        var billing = _node.Grains.GetGrain<IBillingGrain>(slug);
        Assert.Null(await billing.CompleteCheckout(sessionId));
        Assert.Equal("free", (await Billing(admin, slug))["plan"]!.GetValue<string>());

        await _stripe.Pay(sessionId);
        // Another tenant cannot take the session as its own.
        Assert.Null(await _node.Grains.GetGrain<IBillingGrain>(other).CompleteCheckout(sessionId));
        Assert.Equal("free", (await Billing(otherAdmin, other))["plan"]!.GetValue<string>());
        Assert.Null(await _node.Grains.GetGrain<IBillingGrain>(slug).CompleteCheckout("cs_test_unknown"));
        // Whatever else comes back in the console's address is never sent to Stripe.
        var calls = _stripe.Calls.Count;
        Assert.Null(await billing.CompleteCheckout("../../v1/customers"));
        Assert.Equal(calls, _stripe.Calls.Count);
        Assert.Equal("pro", await billing.CompleteCheckout(sessionId));
        Assert.Equal("pro", (await _node.Operator().Get($"/tenants/{slug}")).Json["plan"]!.GetValue<string>());
    }
}

public sealed class SqliteStripeBillingTests(SqliteStripeNodeFixture fixture) : StripeBillingContract(fixture), IClassFixture<SqliteStripeNodeFixture>;

public sealed class PostgresStripeBillingTests(PostgresStripeNodeFixture fixture) : StripeBillingContract(fixture), IClassFixture<PostgresStripeNodeFixture>;
