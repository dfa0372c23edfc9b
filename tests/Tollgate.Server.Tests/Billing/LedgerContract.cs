using Tollgate.Analytics;
using Tollgate.Billing;

namespace Tollgate.Server.Billing;

/// <summary>
/// Without Stripe keys (the embedded default) the built-in ledger invoices each closed month: the plan's fee, the
/// included requests and the overage past them. Only the tenant itself (and the operator) can read its billing.
/// </summary>
public abstract class LedgerContract(TollgateNode node)
{
    [Fact]
    public async Task A_closed_month_gets_a_ledger_invoice_with_the_plans_fee_and_overage()
    {
        var slug = AdminHttp.NewSlug("lg");
        var created = await node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"pro"}""");
        Assert.True(created.Code == 201, created.Text);
        var admin = node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        var summary = (await admin.Get($"/{slug}/billing")).Json;
        Assert.Equal(("ledger", "pro", "good"), (summary["provider"]!.GetValue<string>(), summary["plan"]!.GetValue<string>(), summary["standing"]!.GetValue<string>()));

        // 10.5 million billable requests this month (pro includes 10 million, then 2000 cents per million), and some refused ones.
        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        UsageRow Row(UsageSource source, long requests) => new(minute, Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, 200, source, requests, 0, 0, [], [], []);
        await node.Grains.GetGrain<IUsageGrain>(slug).Record(new UsageBatch("ledger-" + Guid.NewGuid().ToString("N"), 1, slug,
            [Row(UsageSource.Upstream, 10_400_000), Row(UsageSource.Gateway, 100_000), Row(UsageSource.Auth, 7_000), Row(UsageSource.Quota, 3)]));
        var estimated = (await admin.Get($"/{slug}/billing")).Json["month_to_date"]!;
        Assert.Equal(10_500_000, estimated["billable_requests"]!.GetValue<long>());
        Assert.Equal(9900 + 1000, estimated["estimated"]!["amount_cents"]!.GetValue<long>());
        Assert.Empty((await admin.Get($"/{slug}/billing/invoices")).Json["data"]!.AsArray());

        var nextMonth = DateTimeOffset.FromUnixTimeSeconds(QuotaMonth.Start(QuotaMonth.Now + 1)).AddHours(1);
        var settled = await node.Grains.GetGrain<IBillingGrain>(slug).Settle(nextMonth);
        Assert.Equal(1, settled.Invoices);
        Assert.Equal(0, (await node.Grains.GetGrain<IBillingGrain>(slug).Settle(nextMonth)).Invoices);
        var invoice = (await admin.Get($"/{slug}/billing/invoices")).Json["data"]!.AsArray().Single()!;
        Assert.Equal(("ledger", "issued", 10_900L), (invoice["source"]!.GetValue<string>(), invoice["status"]!.GetValue<string>(), invoice["amount_cents"]!.GetValue<long>()));
        Assert.Equal(QuotaMonth.Start(QuotaMonth.Now), invoice["period_start"]!.GetValue<long>());
        var lines = invoice["lines"]!.AsArray().Select(l => (l!["quantity"]!.GetValue<long>(), l["amount_cents"]!.GetValue<long>())).ToList();
        Assert.Equal([(1L, 9900L), (10_000_000L, 0L), (500_000L, 1000L)], lines);
    }

    [Fact]
    public async Task A_tenant_cannot_read_another_tenants_billing()
    {
        var (a, b) = (AdminHttp.NewSlug("lg"), AdminHttp.NewSlug("lg"));
        var tokenA = await node.CreateTenant(a);
        await node.CreateTenant(b);
        var asA = node.AdminAs(tokenA);
        Assert.Equal(200, (await asA.Get($"/{a}/billing")).Code);
        Assert.Equal(403, (await asA.Get($"/{b}/billing")).Code);
        Assert.Equal(403, (await asA.Get($"/{b}/billing/invoices")).Code);
        Assert.Equal(403, (await asA.Post($"/{b}/billing/checkout", """{"plan":"pro","success_url":"https://a.example/","cancel_url":"https://a.example/"}""")).Code);
        Assert.Equal(200, (await node.Operator().Get($"/{b}/billing")).Code);
    }

    [Fact]
    public async Task Without_stripe_a_checkout_is_refused_as_not_configured()
    {
        var slug = AdminHttp.NewSlug("lg");
        var admin = node.AdminAs(await node.CreateTenant(slug));
        var refused = await admin.Post($"/{slug}/billing/checkout", """{"plan":"pro","success_url":"https://a.example/","cancel_url":"https://a.example/"}""");
        Assert.Equal(404, refused.Code);
        Assert.Contains("Stripe billing is not configured", refused.Json["message"]!.GetValue<string>());
        Assert.Equal("free", (await admin.Get($"/{slug}/billing")).Json["plan"]!.GetValue<string>());
    }
}

public sealed class SqliteLedgerTests(SqliteNodeFixture fixture) : LedgerContract(fixture.Node), IClassFixture<SqliteNodeFixture>;

public sealed class PostgresLedgerTests(PostgresNodeFixture fixture) : LedgerContract(fixture.Node), IClassFixture<PostgresNodeFixture>;
