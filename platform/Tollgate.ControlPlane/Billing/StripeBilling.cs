using System.Net;
using Microsoft.Extensions.Logging;
using Stripe;
using Stripe.Billing;
using Tollgate.Tenants;

namespace Tollgate.Billing;

/// <summary>
/// The calls Tollgate makes to Stripe, through Stripe.net: customers, subscriptions whose metered price is tied to
/// the Billing Meter, Checkout sessions, and meter events. Every call carries an idempotency key derived from what it does, and is
/// retried with exponential backoff on 429, 5xx and network errors, so a retry never creates or bills twice.
/// </summary>
public sealed class StripeBilling
{
    private readonly BillingOptions _options;
    private readonly StripeClient _client;
    private readonly ILogger<StripeBilling> _logger;

    public StripeBilling(BillingOptions options, IHttpClientFactory http, ILogger<StripeBilling> logger)
    {
        _options = options;
        _logger = logger;
        // Stripe.net retries only 409 and 5xx; ours covers 429 as well, so its own retries are off.
        var transport = new SystemNetHttpClient(http.CreateClient("stripe"), maxNetworkRetries: 0, appInfo: null, enableTelemetry: false);
        _client = new StripeClient(new StripeClientOptions
        {
            ApiKey = options.Stripe.SecretKey,
            HttpClient = transport,
            ApiBase = options.Stripe.ApiBase,
            MeterEventsBase = options.Stripe.MeterEventsBase,
        });
    }

    public async Task<string> CreateCustomer(TenantRecord tenant) =>
        (await Call($"tollgate-customer-{tenant.Id:N}", request => new CustomerService(_client).CreateAsync(new CustomerCreateOptions
        {
            Name = tenant.Name,
            Description = $"Tollgate tenant {tenant.Slug}",
            Metadata = new Dictionary<string, string> { ["tollgate_tenant"] = tenant.Slug, ["tollgate_tenant_id"] = tenant.Id.ToString() },
        }, request))).Id;

    /// <summary>Subscribes the customer to the plan's prices; answers the subscription and its item ids.</summary>
    public async Task<(string Id, string Items)> Subscribe(string customer, TenantRecord tenant, Plan plan)
    {
        var subscription = await Call($"tollgate-subscription-{tenant.Id:N}-{plan.Name}-{tenant.UpdatedAt}", request => new SubscriptionService(_client).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer,
            Items = Prices(plan).Select(price => new SubscriptionItemOptions { Price = price }).ToList(),
            // The first invoice may fail until the customer adds a card; that starts the grace period, not an error here.
            PaymentBehavior = "allow_incomplete",
            Metadata = new Dictionary<string, string> { ["tollgate_tenant"] = tenant.Slug, ["tollgate_plan"] = plan.Name },
        }, request));
        return (subscription.Id, Items(subscription));
    }

    /// <summary>Moves the subscription to the plan's prices (the old items go, prorated); answers the new item ids.</summary>
    public async Task<string> ChangePlan(string subscriptionId, string oldItems, TenantRecord tenant, Plan plan)
    {
        var items = oldItems.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => new SubscriptionItemOptions { Id = id, Deleted = true })
            .Concat(Prices(plan).Select(price => new SubscriptionItemOptions { Price = price })).ToList();
        var subscription = await Call($"tollgate-plan-{tenant.Id:N}-{plan.Name}-{tenant.UpdatedAt}", request => new SubscriptionService(_client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            Items = items,
            ProrationBehavior = "create_prorations",
            Metadata = new Dictionary<string, string> { ["tollgate_plan"] = plan.Name },
        }, request));
        return Items(subscription);
    }

    /// <summary>Ends the subscription now and invoices what it owes.</summary>
    public Task Cancel(string subscriptionId) =>
        Call($"tollgate-cancel-{subscriptionId}", request => new SubscriptionService(_client).CancelAsync(subscriptionId, new SubscriptionCancelOptions { InvoiceNow = true }, request));

    /// <summary>
    /// Opens a Checkout session (subscription mode) for the customer on the plan's prices: the monthly fee once, the
    /// metered price without a quantity. The metadata names the tenant and plan; the plan is read from the prices.
    /// </summary>
    public Task<Stripe.Checkout.Session> Checkout(string customer, TenantRecord tenant, Plan plan, string successUrl, string cancelUrl)
    {
        var metadata = new Dictionary<string, string> { ["tollgate_tenant"] = tenant.Slug, ["tollgate_plan"] = plan.Name };
        var items = new List<Stripe.Checkout.SessionLineItemOptions>();
        if (plan.StripeBasePriceId is { Length: > 0 } fee) items.Add(new() { Price = fee, Quantity = 1 });
        if (plan.StripePriceId is { Length: > 0 } metered) items.Add(new() { Price = metered });
        return Call($"tollgate-checkout-{tenant.Id:N}-{plan.Name}-{Guid.NewGuid():N}", request => new Stripe.Checkout.SessionService(_client).CreateAsync(new Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer,
            ClientReferenceId = tenant.Id.ToString(),
            LineItems = items,
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            Metadata = metadata,
            SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = metadata },
        }, request));
    }

    public Task<Stripe.Checkout.Session> CheckoutSession(string id) =>
        Call($"checkout session {id}", request => new Stripe.Checkout.SessionService(_client).GetAsync(id, null, request), idempotent: false);

    /// <summary>A subscription's customer, status, item ids (comma-separated) and price ids.</summary>
    public async Task<(string? Customer, string Status, string Items, IReadOnlyList<string> Prices)> Subscription(string id)
    {
        var subscription = await Call($"subscription {id}", request => new SubscriptionService(_client).GetAsync(id, null, request), idempotent: false);
        return (subscription.CustomerId, subscription.Status, Items(subscription), PricesOf(subscription));
    }

    /// <summary>Sends one meter event; the identifier (also the idempotency key) makes a resend harmless.</summary>
    public Task SendMeterEvent(string customer, string identifier, long value, long timestamp) =>
        Call(identifier, request => new MeterEventService(_client).CreateAsync(new MeterEventCreateOptions
        {
            EventName = _options.Stripe.MeterEventName,
            Identifier = identifier,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime,
            Payload = new Dictionary<string, string>
            {
                ["stripe_customer_id"] = customer,
                ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        }, request));

    private static IEnumerable<string> Prices(Plan plan) =>
        new[] { plan.StripeBasePriceId, plan.StripePriceId }.OfType<string>().Where(p => p.Length > 0);

    private static string Items(Subscription subscription) => string.Join(',', subscription.Items?.Data?.Select(i => i.Id) ?? []);

    public static IReadOnlyList<string> PricesOf(Subscription subscription) => subscription.Items?.Data?.Select(i => i.Price?.Id).OfType<string>().ToList() ?? [];

    /// <summary>Makes a call, retried on transient failures; a write carries its name as the idempotency key.</summary>
    private async Task<T> Call<T>(string name, Func<RequestOptions, Task<T>> call, bool idempotent = true)
    {
        var request = new RequestOptions { IdempotencyKey = idempotent ? name : null };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(request);
            }
            catch (Exception e) when (attempt < _options.Stripe.MaxAttempts && Transient(e))
            {
                var delay = _options.Stripe.FirstRetryDelay * Math.Pow(2, attempt - 1) * (0.75 + Random.Shared.NextDouble() / 4);
                _logger.LogWarning("Stripe call {Key} failed ({Error}); attempt {Attempt} of {Max} in {Delay} ms",
                    name, e.Message, attempt + 1, _options.Stripe.MaxAttempts, (int)delay.TotalMilliseconds);
                await Task.Delay(delay);
            }
        }
    }

    private static bool Transient(Exception e) => e switch
    {
        StripeException stripe => stripe.HttpStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict || (int)stripe.HttpStatusCode >= 500,
        HttpRequestException or TaskCanceledException => true,
        _ => false,
    };
}
