namespace Tollgate.Analytics;

/// <summary>One minute of one tenant's traffic through one node, for one combination of dimensions.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.UsageRow")]
public sealed record UsageRow(
    [property: Id(0)] long Minute,
    [property: Id(1)] Guid Service,
    [property: Id(2)] Guid Route,
    [property: Id(3)] Guid Consumer,
    [property: Id(4)] int Status,
    [property: Id(5)] UsageSource Source,
    [property: Id(6)] long Requests,
    [property: Id(7)] long BytesIn,
    [property: Id(8)] long BytesOut,
    [property: Id(9)] byte[] Latency,
    [property: Id(10)] byte[] UpstreamLatency,
    [property: Id(11)] byte[] GatewayLatency);

/// <summary>
/// A node's measurements of one tenant since its last flush. (Node, Sequence) names the batch once and for all: a
/// batch sent again after a lost answer or a restart is recognised and not counted twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.UsageBatch")]
public sealed record UsageBatch(
    [property: Id(0)] string Node,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Tenant,
    [property: Id(3)] IReadOnlyList<UsageRow> Rows);

/// <summary>A tenant's billable requests in a month (<see cref="Billing.QuotaMonth"/>) so far.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.MonthToDate")]
public sealed record MonthToDate([property: Id(0)] long Month, [property: Id(1)] long Billable);

/// <summary>A tenant's usage store: one activation per tenant, so its rows are written by one writer at a time.</summary>
[Alias("tollgate.IUsageGrain")]
public interface IUsageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds the batch to the tenant's minute, hour and day totals, unless this batch was recorded before; answers
    /// the month's billable requests so far, so nodes can stop a hard-capped tenant without waiting for the hub.
    /// </summary>
    [Alias("Record")] Task<MonthToDate> Record(UsageBatch batch);
    /// <summary>Billable requests of the tenant in the current month so far.</summary>
    [Alias("MonthToDate")] Task<MonthToDate> MonthToDate();
    /// <summary>The tenant's plan changed: its quota is weighed again (an upgrade lifts a cut-off at once).</summary>
    [Alias("PlanChanged")] Task PlanChanged(Tenants.TenantRecord tenant);
}
