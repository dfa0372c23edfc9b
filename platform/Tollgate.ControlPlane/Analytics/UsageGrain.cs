using Microsoft.Extensions.Logging;
using Tollgate.Billing;
using Tollgate.Config;
using Tollgate.Tenants;

namespace Tollgate.Analytics;

/// <summary>
/// A tenant's usage writer (one activation per tenant, so its rows have a single writer) and the keeper of its
/// monthly quota: it counts the month's billable requests as batches arrive, and when a hard-capped plan's included
/// requests are used up it tells the tenant's gateway pool, which stops the tenant's traffic with 429 until the
/// month ends or the plan changes. Nodes learn this asynchronously; no request waits for it.
/// </summary>
public sealed class UsageGrain(UsageStore store, PlanCatalog plans, ILogger<UsageGrain> logger) : Grain, IUsageGrain
{
    private long _month = -1;
    private long _billable;
    private bool _cutOff;
    private TenantRecord? _tenant;
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    private string Slug => this.GetPrimaryKeyString();

    public async Task<MonthToDate> Record(UsageBatch batch)
    {
        await CurrentMonth();
        if (!await store.Record(batch))
        {
            logger.LogInformation("Usage batch {Node}/{Sequence} of {Tenant} was recorded before; not counted again", batch.Node, batch.Sequence, batch.Tenant);
            return new MonthToDate(_month, _billable);
        }
        var monthStart = QuotaMonth.Start(_month);
        _billable += batch.Rows.Where(r => r.Minute * 60 >= monthStart && UsageSources.Billable(r.Source)).Sum(r => r.Requests);
        await WeighQuota();
        await PruneHourly();
        return new MonthToDate(_month, _billable);
    }

    public async Task<MonthToDate> MonthToDate()
    {
        await CurrentMonth();
        return new MonthToDate(_month, _billable);
    }

    public async Task PlanChanged(TenantRecord tenant)
    {
        var previous = _tenant;
        _tenant = tenant;
        await CurrentMonth();
        if (_cutOff && previous is not null)
        {
            // Weighed afresh under the new terms (the tenant grain lifted it in an old pool already).
            await GrainFactory.GetGrain<IConfigHubGrain>(tenant.Pool).SetQuota(Slug, 0);
            _cutOff = false;
        }
        await WeighQuota();
    }

    /// <summary>Keeps the tenant's analytics within its plan's retention, checked at most hourly.</summary>
    private async Task PruneHourly()
    {
        var now = DateTimeOffset.UtcNow;
        if (_tenant is null || now - _pruned < TimeSpan.FromHours(1)) return;
        _pruned = now;
        await store.Prune(Slug, plans[_tenant.Plan].AnalyticsRetentionDays, now);
    }

    /// <summary>Starts the month's count from the store when the month turned (or on activation).</summary>
    private async Task CurrentMonth()
    {
        var month = QuotaMonth.Now;
        if (month == _month) return;
        _tenant ??= await GrainFactory.GetGrain<ITenantGrain>(Slug).GetRecord();
        _month = month;
        _billable = await store.Billable(Slug, QuotaMonth.Start(month));
        _cutOff = false;
    }

    private async Task WeighQuota()
    {
        if (_tenant is null) return;
        var plan = plans[_tenant.Plan];
        var over = plan.HardCap && _billable >= plan.IncludedRequests;
        if (over == _cutOff) return;
        await GrainFactory.GetGrain<IConfigHubGrain>(_tenant.Pool).SetQuota(Slug, over ? _month : 0);
        _cutOff = over;
        if (over) logger.LogWarning("Tenant {Tenant} used its {Included} included requests of plan {Plan}; traffic stops until the month ends or the plan changes", Slug, plan.IncludedRequests, plan.Name);
        else logger.LogInformation("Tenant {Tenant} is within its quota of plan {Plan} again", Slug, plan.Name);
    }
}
