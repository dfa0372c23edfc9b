using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Tenancy;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Balancing;

/// <summary>
/// Tells the control plane, every few seconds and off the request path, which targets this node sees as healthy, for
/// upstreams with health checks on; the console and GET /upstreams/{u}/health show it. Only changed views are sent,
/// and every view again each half minute so that the control plane's memory of it never goes stale.
/// </summary>
public sealed class HealthReporter(TenantTable tenants, IGrainFactory grains, ILogger<HealthReporter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, (DateTime At, IReadOnlyList<TargetHealth> View)> _sent = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var slot in tenants.Slots)
            {
                var view = View(slot);
                var sent = _sent.GetValueOrDefault(slot.Slug);
                if (sent.View is null && view.Count == 0) continue;
                if (sent.View is not null && sent.View.SequenceEqual(view) && DateTime.UtcNow - sent.At < Refresh) continue;
                try
                {
                    await grains.GetGrain<IUpstreamHealthGrain>(slot.Slug).Report(_node, view);
                    if (view.Count == 0) _sent.Remove(slot.Slug);
                    else _sent[slot.Slug] = (DateTime.UtcNow, view);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogDebug("Health of tenant {Tenant} not reported yet: {Error}", slot.Slug, e.Message);
                }
            }
        }
    }

    /// <summary>The node's targets of upstreams whose health checks can take a target out of rotation.</summary>
    private static List<TargetHealth> View(TenantSlot slot) =>
        [.. slot.Runtime.Upstreams.Where(u => u.Active.Enabled || u.Passive.Enabled)
            .SelectMany(u => u.Targets.Select(t => new TargetHealth(u.Id, t.Address, t.Healthy)))];
}
