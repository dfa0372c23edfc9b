using System.Collections.Concurrent;

namespace Tollgate.Analytics;

/// <summary>
/// A node's running per-minute totals. Recording a request finds its cell (allocated once per minute and dimension
/// combination) and adds to it with interlocked operations: no lock, no allocation per request. Flushing takes the
/// cells' deltas, so a request recorded during a flush is counted in the next one, never lost or counted twice.
/// </summary>
public sealed class UsageMeter(TimeProvider clock)
{
    public readonly record struct Key(string Tenant, long Minute, Guid Service, Guid Route, Guid Consumer, int Status, UsageSource Source);

    private sealed class Cell
    {
        public long Requests;
        public long BytesIn;
        public long BytesOut;
        public readonly LatencyHistogram Latency = new();
        public readonly LatencyHistogram Upstream = new();
        public readonly LatencyHistogram Gateway = new();
    }

    private readonly ConcurrentDictionary<Key, Cell> _cells = new();

    /// <summary>A tenant's billable requests this month as the usage grain last reported them, and those counted here since.</summary>
    private sealed class Tally
    {
        public long Month;
        public long Reported;
        public long Unreported;
    }

    private readonly ConcurrentDictionary<string, Tally> _tallies = new();

    /// <summary>
    /// The tenant's billable requests this month as this node knows them: the store's count at the last report
    /// plus what this node counted since. Other nodes' unreported requests are not in it; the pool hub's cut-off
    /// catches those.
    /// </summary>
    public long MonthToDate(string tenant, long month) =>
        _tallies.TryGetValue(tenant, out var tally) ? (Volatile.Read(ref tally.Month) == month ? Volatile.Read(ref tally.Reported) : 0) + Volatile.Read(ref tally.Unreported) : 0;

    /// <summary>The usage grain recorded a batch of this node's: <paramref name="billable"/> of it is now in <paramref name="reported"/>.</summary>
    public void Acknowledged(string tenant, long billable, MonthToDate reported)
    {
        var tally = _tallies.GetOrAdd(tenant, static _ => new Tally());
        Interlocked.Add(ref tally.Unreported, -billable);
        Volatile.Write(ref tally.Reported, reported.Billable);
        Volatile.Write(ref tally.Month, reported.Month);
    }

    public long CurrentMinute => clock.GetUtcNow().ToUnixTimeSeconds() / 60;

    public void Record(string tenant, Guid service, Guid route, Guid consumer, int status, UsageSource source,
        long bytesIn, long bytesOut, double totalMs, double? upstreamMs)
    {
        var cell = _cells.GetOrAdd(new Key(tenant, CurrentMinute, service, route, consumer, status, source), static _ => new Cell());
        Interlocked.Increment(ref cell.Requests);
        Interlocked.Add(ref cell.BytesIn, bytesIn);
        Interlocked.Add(ref cell.BytesOut, bytesOut);
        if (UsageSources.Billable(source)) Interlocked.Increment(ref _tallies.GetOrAdd(tenant, static _ => new Tally()).Unreported);
        cell.Latency.Record(totalMs);
        if (upstreamMs is { } upstream)
        {
            cell.Upstream.Record(upstream);
            cell.Gateway.Record(Math.Max(0, totalMs - upstream));
        }
        else
        {
            cell.Gateway.Record(totalMs);
        }
    }

    /// <summary>What was recorded since the last call, by tenant; cells of minutes long past are dropped once empty.</summary>
    public Dictionary<string, List<UsageRow>> TakeDeltas()
    {
        var byTenant = new Dictionary<string, List<UsageRow>>();
        var old = CurrentMinute - 2;
        foreach (var (key, cell) in _cells)
        {
            var requests = Interlocked.Exchange(ref cell.Requests, 0);
            if (requests > 0)
            {
                var row = new UsageRow(key.Minute, key.Service, key.Route, key.Consumer, key.Status, key.Source, requests,
                    Interlocked.Exchange(ref cell.BytesIn, 0), Interlocked.Exchange(ref cell.BytesOut, 0),
                    cell.Latency.Take().Encode(), cell.Upstream.Take().Encode(), cell.Gateway.Take().Encode());
                if (!byTenant.TryGetValue(key.Tenant, out var rows)) byTenant[key.Tenant] = rows = [];
                rows.Add(row);
            }
            else if (key.Minute < old)
            {
                _cells.TryRemove(key, out _);
            }
        }
        return byTenant;
    }
}
