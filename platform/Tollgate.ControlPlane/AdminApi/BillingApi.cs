using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Analytics;
using Tollgate.Billing;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// A tenant's billing, as its console shows it: <c>GET /{tenant}/billing</c> (plan, provider, standing and the
/// month so far with its estimated charge), <c>GET /{tenant}/billing/invoices</c> (Stripe's or the ledger's) and
/// <c>POST /{tenant}/billing/checkout</c> (a Stripe Checkout link for a paid plan).
/// </summary>
public static class BillingApi
{
    public static async Task<IResult> Handle(HttpContext context, string tenant, string[] segments)
    {
        if (segments is ["billing", "checkout"]) return HttpMethods.IsPost(context.Request.Method) ? await Checkout(context, tenant) : AdminResults.MethodNotAllowed();
        if (!HttpMethods.IsGet(context.Request.Method)) return AdminResults.MethodNotAllowed();
        var services = context.RequestServices;
        var account = await services.GetRequiredService<IGrainFactory>().GetGrain<IBillingGrain>(tenant).Account();
        if (account is null) return AdminResults.Send(KongError.NotFound());
        var body = segments switch
        {
            ["billing"] => await Summary(services, account),
            ["billing", "invoices"] => Invoices(await services.GetRequiredService<BillingStore>().Invoices(tenant)),
            _ => null,
        };
        return AdminResults.Send(body is null ? KongError.NotFound() : new AdminResponse(200, body.ToJsonString(KongJson.Options)));
    }

    /// <summary>
    /// <c>POST /{tenant}/billing/checkout</c> with <c>plan</c>, <c>success_url</c> and <c>cancel_url</c>: a Stripe
    /// Checkout session for a paid plan (201 with its <c>url</c>). The plan changes when the session completes.
    /// </summary>
    private static async Task<IResult> Checkout(HttpContext context, string tenant)
    {
        var (body, error) = await RequestBody.ReadObject(context.Request, null);
        if (error is not null) return AdminResults.Send(error);
        var errors = new FieldErrors();
        foreach (var (key, _) in body!)
        {
            if (key is not ("plan" or "success_url" or "cancel_url")) errors.Add(key, "unknown field");
        }
        var plan = RequestBody.Text(body, "plan", errors, required: true);
        var success = RequestBody.Text(body, "success_url", errors, required: true);
        var cancel = RequestBody.Text(body, "cancel_url", errors, required: true);
        if (!errors.IsEmpty) return AdminResults.Send(KongError.SchemaViolation(errors));
        var result = await context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IBillingGrain>(tenant).Checkout(plan!, success!, cancel!);
        return AdminResults.Send(result switch
        {
            { SessionId: { } id } => new AdminResponse(201, new JsonObject { ["id"] = id, ["url"] = result.Url, ["expires_at"] = result.ExpiresAt, ["plan"] = plan }.ToJsonString(KongJson.Options)),
            { Field: { } field } when result.Status == 400 => KongError.SchemaViolation(field, result.Problem!),
            _ => KongError.Message(result.Status, result.Field is null ? result.Problem! : $"{result.Field}: {result.Problem}"),
        });
    }

    /// <summary>The billing summary (also the console's billing page): plan, standing, the month so far and its estimate.</summary>
    public static async Task<JsonObject> Summary(IServiceProvider services, BillingAccount account)
    {
        var options = services.GetRequiredService<BillingOptions>();
        var plan = services.GetRequiredService<PlanCatalog>()[account.Plan];
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var month = QuotaMonth.Of(now);
        var used = (await services.GetRequiredService<IGrainFactory>().GetGrain<IUsageGrain>(account.Tenant).MonthToDate()).Billable;
        var estimate = Ledger.For(account.Tenant, plan, month, used, options.Currency);
        return new JsonObject
        {
            ["plan"] = account.Plan,
            ["provider"] = options.UsesStripe ? "stripe" : "ledger",
            ["stripe_customer"] = account.CustomerId,
            ["stripe_subscription"] = account.SubscriptionId,
            ["standing"] = account.Standing switch { BillingStanding.PastDue => "past_due", BillingStanding.Suspended => "suspended", _ => "good" },
            ["grace_until"] = account.GraceUntil,
            ["month_to_date"] = new JsonObject
            {
                ["period_start"] = QuotaMonth.Start(month),
                ["period_end"] = QuotaMonth.Start(month + 1),
                ["billable_requests"] = used,
                ["included_requests"] = plan.IncludedRequests,
                ["hard_cap"] = plan.HardCap,
                ["estimated"] = Invoice(estimate),
            },
        };
    }

    public static JsonObject Invoices(List<Invoice> invoices) => new()
    {
        ["data"] = new JsonArray([.. invoices.Select(i => (JsonNode)Invoice(i))]),
        ["next"] = null,
    };

    private static JsonObject Invoice(Invoice invoice) => new()
    {
        ["id"] = invoice.Id,
        ["source"] = invoice.Source,
        ["status"] = invoice.Status,
        ["period_start"] = invoice.PeriodStart,
        ["period_end"] = invoice.PeriodEnd,
        ["amount_cents"] = invoice.AmountCents,
        ["currency"] = invoice.Currency,
        ["url"] = invoice.Url,
        ["lines"] = new JsonArray([.. invoice.Lines.Select(l => (JsonNode)new JsonObject
        {
            ["description"] = l.Description,
            ["quantity"] = l.Quantity,
            ["amount_cents"] = l.AmountCents,
        })]),
    };
}
