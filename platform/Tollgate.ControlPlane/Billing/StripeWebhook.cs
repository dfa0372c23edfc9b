using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Stripe;
using Tollgate.AdminApi;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.Billing;

/// <summary>
/// <c>POST /billing/stripe/webhook</c>: Stripe's events about invoices, subscriptions and completed checkouts. The Stripe-Signature
/// header is verified against the endpoint's signing secret, and a delivery whose signed time is older than the
/// tolerance is refused as a replay. An event handled before is acknowledged without acting again.
/// </summary>
public static class StripeWebhook
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapStripeWebhook(this RouteGroupBuilder admin) => admin.MapPost("/billing/stripe/webhook", Receive);

    private static async Task<IResult> Receive(
        HttpContext context, BillingOptions options, BillingStore store, IGrainFactory grains, TimeProvider clock, ILogger<BillingOptions> logger)
    {
        if (!options.UsesStripe || string.IsNullOrEmpty(options.Stripe.WebhookSecret))
        {
            return AdminResults.Send(KongError.Message(404, "Stripe billing is not configured (Billing:Stripe:SecretKey and Billing:Stripe:WebhookSecret)"));
        }
        if (context.Request.ContentLength > MaxBodyBytes) return AdminResults.Send(KongError.Message(413, "Payload too large"));
        string json;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8)) json = await reader.ReadToEndAsync(context.RequestAborted);
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, context.Request.Headers["Stripe-Signature"].ToString(), options.Stripe.WebhookSecret,
                (long)options.Stripe.WebhookTolerance.TotalSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            logger.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return AdminResults.Send(KongError.Message(400, $"Stripe-Signature: {e.Message}"));
        }
        if (await store.Seen(stripeEvent.Id)) return Acknowledge("already handled");
        var notice = Notice(stripeEvent);
        var tenant = notice is null ? null : await store.TenantOfCustomer(notice.Customer);
        if (notice is not null && tenant is not null)
        {
            string? plan;
            try
            {
                plan = await grains.GetGrain<IBillingGrain>(tenant).Apply(notice);
            }
            catch (Exception e)
            {
                // Not remembered as handled: Stripe delivers the event again later.
                logger.LogWarning("Stripe event {Event} ({Type}) of tenant {Tenant} could not be applied now ({Error}); Stripe delivers it again", stripeEvent.Id, stripeEvent.Type, tenant, e.Message);
                return AdminResults.Send(KongError.Message(503, "The event could not be applied now; deliver it again"));
            }
            logger.LogInformation("Stripe event {Event} ({Type}) applied to tenant {Tenant}{Plan}", stripeEvent.Id, stripeEvent.Type, tenant, plan is null ? "" : $", now on plan {plan}");
        }
        await store.Remember(stripeEvent.Id, stripeEvent.Type, clock.GetUtcNow().ToUnixTimeSeconds());
        return Acknowledge(notice is null ? "ignored" : tenant is null ? "unknown customer" : "applied");
    }

    private static IResult Acknowledge(string result) =>
        AdminResults.Send(new AdminResponse(200, new System.Text.Json.Nodes.JsonObject { ["received"] = true, ["result"] = result }.ToJsonString()));

    /// <summary>The part of the event an account acts on; null for event types Tollgate does not handle.</summary>
    private static StripeNotice? Notice(Event stripeEvent)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc)).ToUnixTimeSeconds();
        return (stripeEvent.Type, stripeEvent.Data?.Object) switch
        {
            ("invoice.paid" or "invoice.payment_failed", Stripe.Invoice invoice) when invoice.CustomerId is { } customer =>
                new StripeNotice(stripeEvent.Id, stripeEvent.Type, created, customer, Invoice(invoice, stripeEvent.Type), null, [], null),
            ("customer.subscription.updated" or "customer.subscription.deleted", Subscription subscription) when subscription.CustomerId is { } customer =>
                new StripeNotice(stripeEvent.Id, stripeEvent.Type, created, customer, null, subscription.Status, StripeBilling.PricesOf(subscription), subscription.Id),
            ("checkout.session.completed", Stripe.Checkout.Session { Mode: "subscription", SubscriptionId: { } subscription } session) when session.CustomerId is { } customer =>
                new StripeNotice(stripeEvent.Id, stripeEvent.Type, created, customer, null, null, [], subscription),
            _ => null,
        };
    }

    private static Invoice Invoice(Stripe.Invoice invoice, string type) => new(
        invoice.Id,
        Unix(invoice.PeriodStart),
        Unix(invoice.PeriodEnd),
        type == "invoice.payment_failed" ? "payment_failed" : invoice.Status ?? "paid",
        type == "invoice.paid" ? invoice.AmountPaid : invoice.AmountDue,
        invoice.Currency ?? "usd",
        invoice.Lines?.Data?.Select(l => new InvoiceLine(l.Description ?? "", l.Quantity ?? 0, l.Amount)).ToList() ?? [],
        "stripe",
        invoice.HostedInvoiceUrl);

    private static long Unix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
