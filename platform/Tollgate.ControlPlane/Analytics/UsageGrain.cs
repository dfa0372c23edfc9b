using Microsoft.Extensions.Logging;

namespace Tollgate.Analytics;

/// <summary>A tenant's usage writer: one activation per tenant, so the tenant's rows have a single writer.</summary>
public sealed class UsageGrain(UsageStore store, ILogger<UsageGrain> logger) : Grain, IUsageGrain
{
    public async Task Record(UsageBatch batch)
    {
        if (!await store.Record(batch))
        {
            logger.LogInformation("Usage batch {Node}/{Sequence} of {Tenant} was recorded before; not counted again", batch.Node, batch.Sequence, batch.Tenant);
        }
    }
}
