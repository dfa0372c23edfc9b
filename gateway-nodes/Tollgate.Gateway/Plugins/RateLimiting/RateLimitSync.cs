using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.RateLimits;

namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>
/// The cluster policy's background half: every tick, each tenant with cluster counters sends one batch of what this
/// node counted to the tenant's counter grain and takes the global counts back. Requests never wait on it.
/// </summary>
public sealed class RateLimitSync(IGrainFactory grains, ILogger<RateLimitSync> logger) : BackgroundService
{
    /// <summary>How often due counters are looked for; each counter is sent at its own sync_rate.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(25);

    private readonly ConcurrentDictionary<string, RateLimitCounters> _tenants = new();
    private readonly string _node = Guid.NewGuid().ToString("N");

    /// <summary>The tenant's cluster-policy counters, synced from now on.</summary>
    public RateLimitCounters For(string tenant) => _tenants.GetOrAdd(tenant, _ => new RateLimitCounters());

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            var now = DateTime.UtcNow;
            await Task.WhenAll(_tenants.Select(t => Sync(t.Key, t.Value, now)));
        }
    }

    private async Task Sync(string tenant, RateLimitCounters counters, DateTime now)
    {
        var reachable = counters.ClusterReachable;
        try
        {
            await counters.Sync(grains.GetGrain<IRateLimitCounterGrain>(tenant), _node, now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (reachable) logger.LogWarning("Tenant {Tenant} rate-limit counters unreachable; counting on this node alone ({Error})", tenant, e.Message);
        }
    }
}
