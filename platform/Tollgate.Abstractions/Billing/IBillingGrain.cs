using Tollgate.Tenants;

namespace Tollgate.Billing;

/// <summary>
/// A tenant's billing account (one activation per tenant): its Stripe customer and subscription, or the built-in
/// ledger; the hourly meter reports; and its standing, which a failed payment puts into a grace period and then
/// suspends, and a paid invoice restores.
/// </summary>
[Alias("tollgate.IBillingGrain")]
public interface IBillingGrain : IGrainWithStringKey
{
    /// <summary>Opens the account of a new tenant: a Stripe customer (and a subscription on a paid plan), or a ledger account.</summary>
    [Alias("Open")] Task<BillingAccount> Open(TenantRecord tenant);
    /// <summary>The tenant's plan or pool changed: the subscription follows the plan, a suspension follows the pool.</summary>
    [Alias("TenantChanged")] Task TenantChanged(TenantRecord previous, TenantRecord tenant);
    /// <summary>The tenant is being deleted: its subscription ends (invoicing what is due) and its account closes.</summary>
    [Alias("Close")] Task Close();
    /// <summary>
    /// Brings the account up to <paramref name="now"/>: retries what Stripe refused before, reports each closed hour's
    /// billable requests once (and late additions to recent hours), writes the ledger invoice of each closed month,
    /// and suspends the tenant when its grace period has run out.
    /// </summary>
    [Alias("Settle")] Task<SettleResult> Settle(DateTimeOffset now);
    /// <summary>Applies a verified Stripe webhook event; answers the plan the tenant was moved to, if the event moved it.</summary>
    [Alias("Apply")] Task<string?> Apply(StripeNotice notice);
    /// <summary>
    /// Opens a Stripe Checkout session in which the tenant's owner subscribes to a paid plan with a card; the plan
    /// changes once Stripe says the session is complete (webhook, or <see cref="CompleteCheckout"/> on return).
    /// </summary>
    [Alias("Checkout")] Task<CheckoutResult> Checkout(string plan, string successUrl, string cancelUrl);
    /// <summary>Asks Stripe about a checkout session of this tenant; answers the plan it moved to, or null while it is not complete.</summary>
    [Alias("CompleteCheckout")] Task<string?> CompleteCheckout(string sessionId);
    [Alias("Account")] Task<BillingAccount?> Account();
}

/// <summary>The platform's billing clock: one activation settles every account in turn.</summary>
[Alias("tollgate.IBillingClockGrain")]
public interface IBillingClockGrain : IGrainWithIntegerKey
{
    [Alias("Run")] Task<SettleResult> Run(DateTimeOffset now);
}

/// <summary>How a tenant stands with its payments.</summary>
public enum BillingStanding
{
    Good,
    /// <summary>A payment failed; traffic flows until the grace period ends.</summary>
    PastDue,
    /// <summary>The grace period ended unpaid; the tenant's traffic gets 402.</summary>
    Suspended,
}

/// <summary>A tenant's billing account as stored and shown.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.BillingAccount")]
public sealed record BillingAccount(
    [property: Id(0)] string Tenant,
    [property: Id(1)] Guid TenantId,
    /// <summary>The plan the subscription (or ledger) bills; it catches up with the tenant's plan when Stripe answers.</summary>
    [property: Id(2)] string Plan,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] string? SubscriptionId,
    /// <summary>The subscription's item ids, comma-separated, so a plan change can swap its prices.</summary>
    [property: Id(5)] string? SubscriptionItems,
    [property: Id(6)] BillingStanding Standing,
    /// <summary>When a past-due account is suspended (unix seconds).</summary>
    [property: Id(7)] long? GraceUntil,
    /// <summary>Usage from this time on (unix seconds) is billed: the subscription's start, or the ledger account's.</summary>
    [property: Id(8)] long BilledFrom,
    /// <summary>Usage before this time is billed: reported to Stripe hour by hour, or invoiced by the ledger month by month.</summary>
    [property: Id(9)] long BilledThrough,
    [property: Id(10)] long UpdatedAt);

/// <summary>A Stripe Checkout session to send the owner to, or why none was opened (an Admin API status, field and rule).</summary>
[GenerateSerializer, Immutable, Alias("tollgate.CheckoutResult")]
public sealed record CheckoutResult(
    [property: Id(0)] int Status,
    [property: Id(1)] string? SessionId,
    [property: Id(2)] string? Url,
    /// <summary>When the session stops accepting payment (unix seconds).</summary>
    [property: Id(3)] long ExpiresAt,
    [property: Id(4)] string? Field,
    [property: Id(5)] string? Problem)
{
    public static CheckoutResult Refused(int status, string? field, string problem) => new(status, null, null, 0, field, problem);
}

/// <summary>What one settling did.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.SettleResult")]
public sealed record SettleResult([property: Id(0)] int MeterEvents, [property: Id(1)] long RequestsReported, [property: Id(2)] int Invoices, [property: Id(3)] int Suspended)
{
    public static readonly SettleResult None = new(0, 0, 0, 0);

    public SettleResult Add(SettleResult other) =>
        new(MeterEvents + other.MeterEvents, RequestsReported + other.RequestsReported, Invoices + other.Invoices, Suspended + other.Suspended);
}

/// <summary>The part of a Stripe webhook event the account acts on.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.StripeNotice")]
public sealed record StripeNotice(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] long Created,
    [property: Id(3)] string Customer,
    /// <summary>The invoice of invoice.* events.</summary>
    [property: Id(4)] Invoice? Invoice,
    /// <summary>The subscription status of customer.subscription.* events.</summary>
    [property: Id(5)] string? SubscriptionStatus,
    /// <summary>The subscription's price ids, which name its plan.</summary>
    [property: Id(6)] IReadOnlyList<string> Prices,
    /// <summary>The subscription of customer.subscription.* events, and the one a completed checkout session created.</summary>
    [property: Id(7)] string? SubscriptionId);

/// <summary>An invoice as the console shows it, from Stripe or from the built-in ledger.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.Invoice")]
public sealed record Invoice(
    [property: Id(0)] string Id,
    [property: Id(1)] long PeriodStart,
    [property: Id(2)] long PeriodEnd,
    [property: Id(3)] string Status,
    [property: Id(4)] long AmountCents,
    [property: Id(5)] string Currency,
    [property: Id(6)] IReadOnlyList<InvoiceLine> Lines,
    /// <summary>"ledger" or "stripe".</summary>
    [property: Id(7)] string Source,
    [property: Id(8)] string? Url);

[GenerateSerializer, Immutable, Alias("tollgate.InvoiceLine")]
public sealed record InvoiceLine([property: Id(0)] string Description, [property: Id(1)] long Quantity, [property: Id(2)] long AmountCents);
