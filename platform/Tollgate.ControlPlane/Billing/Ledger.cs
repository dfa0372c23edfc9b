namespace Tollgate.Billing;

/// <summary>
/// The built-in ledger's invoice for a month, used when Stripe is not configured: the plan's monthly fee, the
/// billable requests with the included part, and the overage past it at the plan's price per million (rounded up
/// to the cent). A Stripe subscription with the same prices and a graduated metered tier bills the same.
/// </summary>
public static class Ledger
{
    public static Invoice For(string tenant, Plan plan, long month, long requests, string currency)
    {
        var start = QuotaMonth.Start(month);
        var end = QuotaMonth.Start(month + 1);
        var label = DateTimeOffset.FromUnixTimeSeconds(start).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var included = Math.Min(requests, plan.IncludedRequests);
        var overage = plan.HardCap ? 0 : Math.Max(0, requests - plan.IncludedRequests);
        var overageCents = (overage * plan.OverageCentsPerMillion + 999_999) / 1_000_000;
        List<InvoiceLine> lines =
        [
            new($"Plan {plan.Name}, {label}", 1, plan.MonthlyPriceCents),
            new($"Requests included ({plan.IncludedRequests.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} a month)", included, 0),
        ];
        if (overage > 0) lines.Add(new($"Requests over the included ({plan.OverageCentsPerMillion} cents per million)", overage, overageCents));
        return new Invoice($"ledger-{tenant}-{label}", start, end, "issued", plan.MonthlyPriceCents + overageCents, currency, lines, "ledger", null);
    }
}
