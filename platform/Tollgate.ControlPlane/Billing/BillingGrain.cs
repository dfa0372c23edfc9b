using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Analytics;
using Tollgate.Config;
using Tollgate.Tenants;

namespace Tollgate.Billing;

/// <summary>
/// A tenant's billing account. With Stripe: a customer, a subscription on paid plans, and one meter event per
/// closed hour of billable requests, whose identifier comes from (tenant, hour) so nothing is billed twice. Without
/// Stripe: the ledger invoices each closed month. Stripe calls that fail are retried on the next settling.
/// </summary>
public sealed class BillingGrain(
    BillingStore store, UsageStore usage, PlanCatalog plans, BillingOptions options, TimeProvider clock, IServiceProvider services, ILogger<BillingGrain> logger)
    : Grain, IBillingGrain
{
    private readonly StripeBilling? _stripe = options.UsesStripe ? services.GetRequiredService<StripeBilling>() : null;
    private BillingAccount? _account;
    /// <summary>When recent closed hours were last compared with analytics for late requests.</summary>
    private DateTimeOffset _corrected = DateTimeOffset.MinValue;

    /// <summary>How often recent closed hours are compared with analytics again.</summary>
    public static readonly TimeSpan CorrectionInterval = TimeSpan.FromMinutes(15);

    private string Slug => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _account = await store.Account(Slug, cancellationToken);

    public Task<BillingAccount?> Account() => Task.FromResult(_account);

    public async Task<BillingAccount> Open(TenantRecord tenant)
    {
        if (_account is null || _account.TenantId != tenant.Id)
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            // The ledger bills from the first month; Stripe from the hour the subscription starts.
            await Save(new BillingAccount(Slug, tenant.Id, _stripe is null ? tenant.Plan : "free", null, null, null, BillingStanding.Good, null,
                now / 3600 * 3600, _stripe is null ? QuotaMonth.Start(QuotaMonth.Of(clock.GetUtcNow())) : now / 3600 * 3600, now));
            logger.LogInformation("Billing account of tenant {Tenant} opened on {Provider}", Slug, _stripe is null ? "the ledger" : "Stripe");
        }
        await Reconcile(tenant);
        return _account!;
    }

    public async Task TenantChanged(TenantRecord previous, TenantRecord tenant)
    {
        if (_account is null) return;
        if (previous.Pool != tenant.Pool && _account.Standing == BillingStanding.Suspended)
        {
            await GrainFactory.GetGrain<IConfigHubGrain>(previous.Pool).SetSuspended(Slug, false);
            await GrainFactory.GetGrain<IConfigHubGrain>(tenant.Pool).SetSuspended(Slug, true);
        }
        await Reconcile(tenant);
    }

    public async Task Close()
    {
        if (_account is null) return;
        if (_stripe is not null && _account.SubscriptionId is { } subscription)
        {
            try
            {
                await _stripe.Cancel(subscription);
            }
            catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
            {
                logger.LogError("Stripe subscription {Subscription} of deleted tenant {Tenant} could not be cancelled ({Error}); cancel it in Stripe", subscription, Slug, e.Message);
            }
        }
        if (await GrainFactory.GetGrain<ITenantGrain>(Slug).GetRecord() is { } tenant) await GrainFactory.GetGrain<IConfigHubGrain>(tenant.Pool).SetSuspended(Slug, false);
        await store.Delete(Slug);
        _account = null;
        logger.LogInformation("Billing account of tenant {Tenant} closed", Slug);
        DeactivateOnIdle();
    }

    public async Task<SettleResult> Settle(DateTimeOffset now)
    {
        if (_account is null || await GrainFactory.GetGrain<ITenantGrain>(Slug).GetRecord() is not { } tenant) return SettleResult.None;
        await Reconcile(tenant);
        var result = _stripe is null ? await Invoice(now) : await Meter(now);
        return result with { Suspended = await Weigh(tenant, now) ? 1 : 0 };
    }

    public async Task<string?> Apply(StripeNotice notice)
    {
        if (_account is null) return null;
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(Slug).GetRecord();
        if (notice.Invoice is { } invoice) await store.SaveInvoice(Slug, invoice, clock.GetUtcNow().ToUnixTimeSeconds());
        var ours = notice.SubscriptionId is not null && notice.SubscriptionId == _account.SubscriptionId;
        switch (notice.Type)
        {
            case "invoice.payment_failed":
                await PastDue(notice.Created);
                break;
            case "invoice.paid":
                await Restore(tenant, $"invoice {notice.Invoice?.Id} was paid");
                break;
            case "customer.subscription.updated" when ours:
                if (notice.SubscriptionStatus is "past_due") await PastDue(notice.Created);
                else if (notice.SubscriptionStatus is "unpaid") await Suspend(tenant, "its subscription is unpaid");
                else if (notice.SubscriptionStatus is "canceled" or "incomplete_expired") return await Ended(tenant);
                var plan = PlanOf(notice.Prices);
                if (plan is null || plan.Name == _account.Plan) return null;
                logger.LogInformation("Stripe moved tenant {Tenant}'s subscription to plan {Plan}", Slug, plan.Name);
                await Save(_account with { Plan = plan.Name });
                return await MoveTenant(plan.Name);
            case "customer.subscription.deleted" when ours:
                return await Ended(tenant);
            case "checkout.session.completed" when notice.SubscriptionId is { } subscription:
                return await Adopt(subscription);
        }
        if (tenant is not null) await Weigh(tenant, clock.GetUtcNow());
        return null;
    }

    public async Task<CheckoutResult> Checkout(string plan, string successUrl, string cancelUrl)
    {
        if (_stripe is null) return CheckoutResult.Refused(404, null, "Stripe billing is not configured (Billing:Stripe:SecretKey)");
        if (!plans.Contains(plan)) return CheckoutResult.Refused(400, "plan", $"unknown plan (one of: {string.Join(", ", plans.All.Select(p => p.Name))})");
        if (!plans[plan].IsPaid) return CheckoutResult.Refused(400, "plan", "a checkout subscribes to a paid plan; a free plan is chosen directly");
        foreach (var (field, url) in new[] { ("success_url", successUrl), ("cancel_url", cancelUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return CheckoutResult.Refused(400, field, "expected an absolute http or https URL");
        }
        if (_account is null || await GrainFactory.GetGrain<ITenantGrain>(Slug).GetRecord() is not { } tenant) return CheckoutResult.Refused(404, null, "Not found");
        await Reconcile(tenant);
        // A tenant that pays already moves between plans on its subscription, never on a second one.
        if (_account.SubscriptionId is { } current) return CheckoutResult.Refused(409, "plan", $"the tenant already has a subscription ({current}); its plan is changed in place");
        if (_account.CustomerId is not { } customer) return CheckoutResult.Refused(502, null, "Stripe could not be reached to create the customer; try again");
        try
        {
            var session = await _stripe.Checkout(customer, tenant, plans[plan], successUrl, cancelUrl);
            logger.LogInformation("Checkout session {Session} opened for tenant {Tenant} on plan {Plan}", session.Id, Slug, plan);
            return new CheckoutResult(201, session.Id, session.Url, Unix(session.ExpiresAt), null, null);
        }
        catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Stripe refused a checkout session for tenant {Tenant} on plan {Plan} ({Error})", Slug, plan, e.Message);
            return CheckoutResult.Refused(502, null, $"Stripe refused the checkout: {e.Message}");
        }
    }

    public async Task<string?> CompleteCheckout(string sessionId)
    {
        // The id comes back in the console's address, where anyone may type anything: only a session id is asked about.
        if (_stripe is null || _account?.CustomerId is not { } customer || !sessionId.StartsWith("cs_") || sessionId.Length > 255) return null;
        try
        {
            var session = await _stripe.CheckoutSession(sessionId);
            if (session.CustomerId != customer || session.Status != "complete" || session.SubscriptionId is not { } subscription) return null;
            return await Adopt(subscription);
        }
        catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Checkout session {Session} of tenant {Tenant} could not be read ({Error}); its webhook completes it", sessionId, Slug, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Takes the subscription a completed checkout created as the account's; answers the tenant's plan now. It is
    /// read back from Stripe, so only this customer's live subscription counts, and its prices name the plan. Another
    /// subscription the account had ends, invoicing what it owes: the meter bills per customer, and two live
    /// subscriptions would bill the same requests twice.
    /// </summary>
    private async Task<string?> Adopt(string subscriptionId)
    {
        if (_account!.SubscriptionId == subscriptionId) return _account.Plan;
        var (customer, status, items, prices) = await _stripe!.Subscription(subscriptionId);
        var plan = PlanOf(prices);
        if (customer != _account.CustomerId || status is "canceled" or "incomplete_expired" || plan is null)
        {
            logger.LogWarning("Checkout subscription {Subscription} ({Status}, customer {Customer}) is not one tenant {Tenant} can take", subscriptionId, status, customer, Slug);
            return null;
        }
        if (_account.SubscriptionId is { } previous)
        {
            await _stripe.Cancel(previous);
            logger.LogInformation("Tenant {Tenant}'s subscription {Subscription} ended: checkout {New} replaced it", Slug, previous, subscriptionId);
            await Save(_account with { SubscriptionId = subscriptionId, SubscriptionItems = items, Plan = plan.Name });
        }
        else
        {
            var hour = clock.GetUtcNow().ToUnixTimeSeconds() / 3600 * 3600;
            await Save(_account with { SubscriptionId = subscriptionId, SubscriptionItems = items, Plan = plan.Name, BilledFrom = hour, BilledThrough = hour });
        }
        logger.LogInformation("Tenant {Tenant} subscribed to plan {Plan} through checkout ({Subscription})", Slug, plan.Name, subscriptionId);
        return await MoveTenant(plan.Name);
    }

    /// <summary>
    /// Puts the tenant on the plan its subscription now bills, inside this call: its gateway limits follow, and no
    /// settling can come between and pull the subscription back to the tenant's old plan. The tenant grain calls
    /// back (TenantChanged), which the call chain lets in.
    /// </summary>
    private async Task<string> MoveTenant(string plan)
    {
        var tenant = GrainFactory.GetGrain<ITenantGrain>(Slug);
        if ((await tenant.GetRecord())?.Plan is { } current && current != plan)
        {
            using var reentrant = RequestContext.AllowCallChainReentrancy();
            await tenant.UpdateRecord(null, plan, null);
        }
        return plan;
    }

    private Plan? PlanOf(IReadOnlyList<string> prices) =>
        plans.All.FirstOrDefault(p => p.StripePriceId is { Length: > 0 } price && prices.Contains(price));

    private static long Unix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();

    /// <summary>The subscription ended in Stripe: the tenant falls back to the free plan, in good standing.</summary>
    private async Task<string> Ended(TenantRecord? tenant)
    {
        await Save(_account! with { SubscriptionId = null, SubscriptionItems = null, Plan = "free" });
        await Restore(tenant, "its subscription ended; it is on the free plan");
        return await MoveTenant("free");
    }

    private async Task PastDue(long failedAt)
    {
        if (_account!.Standing != BillingStanding.Good) return;
        var graceUntil = failedAt + (long)options.GracePeriod.TotalSeconds;
        await Save(_account with { Standing = BillingStanding.PastDue, GraceUntil = graceUntil });
        logger.LogWarning("Tenant {Tenant} has a failed payment; its traffic is suspended at {GraceUntil} unless an invoice is paid",
            Slug, DateTimeOffset.FromUnixTimeSeconds(graceUntil));
    }

    /// <summary>Suspends a past-due tenant whose grace period has run out; answers whether it is suspended now.</summary>
    private async Task<bool> Weigh(TenantRecord tenant, DateTimeOffset now)
    {
        if (_account!.Standing == BillingStanding.PastDue && _account.GraceUntil <= now.ToUnixTimeSeconds())
        {
            await Suspend(tenant, "its grace period ended unpaid");
        }
        return _account.Standing == BillingStanding.Suspended;
    }

    private async Task Suspend(TenantRecord? tenant, string why)
    {
        if (_account!.Standing != BillingStanding.Suspended) await Save(_account with { Standing = BillingStanding.Suspended });
        if (tenant is not null) await GrainFactory.GetGrain<IConfigHubGrain>(tenant.Pool).SetSuspended(Slug, true);
        logger.LogWarning("Tenant {Tenant}'s traffic is suspended: {Reason}", Slug, why);
    }

    private async Task Restore(TenantRecord? tenant, string why)
    {
        if (_account!.Standing == BillingStanding.Good) return;
        await Save(_account with { Standing = BillingStanding.Good, GraceUntil = null });
        if (tenant is not null) await GrainFactory.GetGrain<IConfigHubGrain>(tenant.Pool).SetSuspended(Slug, false);
        logger.LogInformation("Tenant {Tenant} is in good standing again: {Reason}", Slug, why);
    }

    /// <summary>Brings Stripe in line with the tenant: a customer, and a subscription to the plan's prices when it is paid.</summary>
    private async Task Reconcile(TenantRecord tenant)
    {
        var account = _account!;
        if (_stripe is null)
        {
            if (account.Plan != tenant.Plan) await Save(account with { Plan = tenant.Plan });
            return;
        }
        var plan = plans[tenant.Plan];
        try
        {
            if (account.CustomerId is null)
            {
                await Save(account = account with { CustomerId = await _stripe.CreateCustomer(tenant) });
                logger.LogInformation("Tenant {Tenant} is Stripe customer {Customer}", Slug, account.CustomerId);
            }
            if (account.SubscriptionId is null && plan.IsPaid)
            {
                var (id, items) = await _stripe.Subscribe(account.CustomerId!, tenant, plan);
                var hour = clock.GetUtcNow().ToUnixTimeSeconds() / 3600 * 3600;
                await Save(account with { SubscriptionId = id, SubscriptionItems = items, Plan = plan.Name, BilledFrom = hour, BilledThrough = hour });
                logger.LogInformation("Tenant {Tenant} subscribed to plan {Plan} ({Subscription})", Slug, plan.Name, id);
            }
            else if (account.SubscriptionId is { } subscription && !plan.IsPaid)
            {
                await _stripe.Cancel(subscription);
                await Save(account with { SubscriptionId = null, SubscriptionItems = null, Plan = plan.Name });
                logger.LogInformation("Tenant {Tenant}'s subscription {Subscription} ended: it moved to plan {Plan}", Slug, subscription, plan.Name);
            }
            else if (account.SubscriptionId is { } current && account.Plan != plan.Name)
            {
                await Save(account with { SubscriptionItems = await _stripe.ChangePlan(current, account.SubscriptionItems ?? "", tenant, plan), Plan = plan.Name });
                logger.LogInformation("Tenant {Tenant}'s subscription {Subscription} moved to plan {Plan}", Slug, current, plan.Name);
            }
            else if (account.Plan != plan.Name)
            {
                await Save(account with { Plan = plan.Name });
            }
        }
        catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Stripe refused the account of tenant {Tenant} for plan {Plan} ({Error}); retried at the next settling", Slug, plan.Name, e.Message);
        }
    }

    /// <summary>
    /// Reports each closed hour's billable requests as one meter event. An hour that gains requests later (a node's
    /// spool replayed after an outage) is corrected by an event for the difference, while Stripe still accepts it.
    /// </summary>
    private async Task<SettleResult> Meter(DateTimeOffset now)
    {
        var account = _account!;
        if (account.SubscriptionId is null || account.CustomerId is not { } customer) return SettleResult.None;
        var closedUntil = (now - options.SettleDelay).ToUnixTimeSeconds() / 3600 * 3600;
        var correcting = now - _corrected >= CorrectionInterval;
        if (closedUntil <= account.BilledThrough && !correcting) return SettleResult.None;
        var oldest = (now - BillingOptions.StripeEventAge).ToUnixTimeSeconds() / 3600 * 3600 + 3600;
        var from = Math.Max(account.BilledFrom, Math.Max(oldest, Math.Min(account.BilledThrough, closedUntil - (long)options.CorrectionWindow.TotalSeconds)));
        var billable = await usage.BillableHours(Slug, from, closedUntil);
        var reported = await store.Reported(account.TenantId, from, closedUntil);
        var (events, requests) = (0, 0L);
        try
        {
            foreach (var (hour, count) in billable.OrderBy(h => h.Key))
            {
                var already = reported.GetValueOrDefault(hour);
                if (count <= already) continue;
                // The first report of an hour and each correction have their own identifier, the same on every resend.
                var identifier = already == 0 ? $"tollgate-{account.TenantId:N}-{hour}" : $"tollgate-{account.TenantId:N}-{hour}-{already}";
                await _stripe!.SendMeterEvent(customer, identifier, count - already, hour);
                await store.Report(account.TenantId, hour, count, now.ToUnixTimeSeconds());
                (events, requests) = (events + 1, requests + count - already);
            }
        }
        catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Stripe refused a meter event of tenant {Tenant} ({Error}); the hour is sent again at the next settling", Slug, e.Message);
            return new SettleResult(events, requests, 0, 0);
        }
        _corrected = correcting ? now : _corrected;
        if (closedUntil > account.BilledThrough) await Save(account with { BilledThrough = closedUntil });
        if (events > 0) logger.LogInformation("Reported {Requests} requests of tenant {Tenant} to Stripe in {Events} meter events", requests, Slug, events);
        return new SettleResult(events, requests, 0, 0);
    }

    /// <summary>Writes the ledger invoice of each month that closed since the last one.</summary>
    private async Task<SettleResult> Invoice(DateTimeOffset now)
    {
        var invoices = 0;
        var closed = QuotaMonth.Of(now - options.SettleDelay);
        for (var month = QuotaMonth.Of(DateTimeOffset.FromUnixTimeSeconds(_account!.BilledThrough)); month < closed; month++)
        {
            var requests = await usage.Billable(Slug, QuotaMonth.Start(month), QuotaMonth.Start(month + 1));
            var invoice = Ledger.For(Slug, plans[_account.Plan], month, requests, options.Currency);
            await store.SaveInvoice(Slug, invoice, now.ToUnixTimeSeconds());
            await Save(_account with { BilledThrough = QuotaMonth.Start(month + 1) });
            invoices++;
            logger.LogInformation("Ledger invoice {Invoice} of tenant {Tenant}: {Requests} billable requests, {Amount} cents", invoice.Id, Slug, requests, invoice.AmountCents);
        }
        return new SettleResult(0, 0, invoices, 0);
    }

    private async Task Save(BillingAccount account)
    {
        _account = account with { UpdatedAt = clock.GetUtcNow().ToUnixTimeSeconds() };
        await store.Save(_account);
    }
}
