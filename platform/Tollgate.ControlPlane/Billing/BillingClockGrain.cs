using Microsoft.Extensions.Logging;

namespace Tollgate.Billing;

/// <summary>
/// Settles the billing accounts, a page at a time with a few accounts in parallel. One activation in the cluster;
/// every silo's <see cref="BillingTicker"/> calls it, and a call soon after the last one is skipped. A tick settles
/// only the accounts with work (a closed hour or month not yet billed, a payment problem, no Stripe customer yet,
/// recent hours due for comparison); once an hour it settles them all, which retries a plan Stripe refused before.
/// </summary>
public sealed class BillingClockGrain(BillingStore store, BillingOptions options, ILogger<BillingClockGrain> logger) : Grain, IBillingClockGrain
{
    private const int Page = 500;
    private const int Parallel = 8;
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private DateTimeOffset _swept = DateTimeOffset.MinValue;
    private DateTimeOffset _corrected = DateTimeOffset.MinValue;

    public async Task<SettleResult> Run(DateTimeOffset now)
    {
        if (now >= _last && now - _last < options.TickInterval / 2) return SettleResult.None;
        _last = now;
        var all = now - _swept >= TimeSpan.FromHours(1) || now < _swept;
        var correcting = options.UsesStripe && (now - _corrected >= BillingGrain.CorrectionInterval || now < _corrected);
        if (all) _swept = now;
        if (correcting) _corrected = now;
        var settled = now - options.SettleDelay;
        var due = options.UsesStripe ? settled.ToUnixTimeSeconds() / 3600 * 3600 : QuotaMonth.Start(QuotaMonth.Of(settled));
        var total = SettleResult.None;
        var after = "";
        while (true)
        {
            var tenants = await store.Tenants(after, Page, all, due, options.UsesStripe, correcting);
            if (tenants.Count == 0) break;
            after = tenants[^1];
            foreach (var chunk in tenants.Chunk(Parallel))
            {
                var results = await Task.WhenAll(chunk.Select(tenant => Settle(tenant, now)));
                total = results.Aggregate(total, (sum, result) => sum.Add(result));
            }
        }
        return total;
    }

    private async Task<SettleResult> Settle(string tenant, DateTimeOffset now)
    {
        try
        {
            return await GrainFactory.GetGrain<IBillingGrain>(tenant).Settle(now);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Settling the billing account of tenant {Tenant} failed; retried at the next tick", tenant);
            return SettleResult.None;
        }
    }
}
