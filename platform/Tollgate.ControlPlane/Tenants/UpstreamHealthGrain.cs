namespace Tollgate.Tenants;

/// <summary>
/// Holds the latest report of each gateway node for one tenant. A node that has not reported for a minute (stopped,
/// killed, or no longer serving the tenant) no longer counts.
/// </summary>
internal sealed class UpstreamHealthGrain(TimeProvider clock) : Grain, IUpstreamHealthGrain
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, (DateTimeOffset At, IReadOnlyList<TargetHealth> Targets)> _reports = [];

    public Task Report(string node, IReadOnlyList<TargetHealth> targets)
    {
        if (targets.Count == 0) _reports.Remove(node);
        else _reports[node] = (clock.GetUtcNow(), targets);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TargetHealthSummary>> Summary()
    {
        var since = clock.GetUtcNow() - Stale;
        IReadOnlyList<TargetHealthSummary> summary = [.. _reports.Values.Where(r => r.At >= since).SelectMany(r => r.Targets)
            .GroupBy(t => (t.Upstream, t.Target))
            .Select(g => new TargetHealthSummary(g.Key.Upstream, g.Key.Target, g.Count(t => t.Healthy), g.Count(t => !t.Healthy)))];
        return Task.FromResult(summary);
    }
}
