namespace Tollgate.RateLimits;

/// <summary>
/// Holds a tenant's cluster rate-limit counts in memory and leases what is left of each limit to the nodes: a node's
/// lease is its share of the requests neither counted nor leased to another node, so the nodes together cannot
/// admit more than the limit. A count lives only as long as its window, so losing it with the silo costs at most
/// one window of accuracy, never a stuck limit.
/// </summary>
public sealed class RateLimitCounterGrain(TimeProvider clock) : Grain, IRateLimitCounterGrain
{
    /// <summary>A node that has not called for this long no longer takes a share, and its leases lapse.</summary>
    private const long NodeQuietMs = 2000;

    private sealed class Window(long end)
    {
        public long Count;
        public readonly long End = end;
        public readonly Dictionary<string, long> Leases = [];
    }

    private readonly Dictionary<string, Window> _windows = [];
    private readonly Dictionary<string, long> _nodesLastSeen = [];
    private long _sweepAt;

    public Task<RateLimitCounts> Add(string node, RateLimitDelta[] deltas)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        _nodesLastSeen[node] = now;
        Sweep(now);
        var nodes = _nodesLastSeen.Count;
        var totals = new long[deltas.Length];
        var leases = new long[deltas.Length];
        for (var i = 0; i < deltas.Length; i++)
        {
            var delta = deltas[i];
            if (!_windows.TryGetValue(delta.Key, out var window)) _windows[delta.Key] = window = new Window(delta.WindowEnd);
            // What the node counted came out of its previous lease; the rest of that lease is released.
            window.Count += delta.Count;
            window.Leases.Remove(node);
            var held = window.Leases.Where(l => _nodesLastSeen.ContainsKey(l.Key)).Sum(l => l.Value);
            var left = Math.Max(0, delta.Limit - window.Count - held);
            var lease = (left + nodes - 1) / nodes;
            window.Leases[node] = lease;
            totals[i] = window.Count;
            leases[i] = lease;
        }
        return Task.FromResult(new RateLimitCounts(totals, leases, nodes));
    }

    private void Sweep(long now)
    {
        if (now < _sweepAt) return;
        _sweepAt = now + 500;
        foreach (var (key, window) in _windows)
        {
            if (window.End <= now) _windows.Remove(key);
        }
        foreach (var (node, seen) in _nodesLastSeen)
        {
            if (seen < now - NodeQuietMs) _nodesLastSeen.Remove(node);
        }
    }
}
