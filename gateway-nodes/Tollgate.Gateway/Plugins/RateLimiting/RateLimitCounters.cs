using System.Collections.Concurrent;
using Tollgate.RateLimits;

namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>
/// A tenant's rate-limit counters on this node, per plugin instance, identifier and window. A request counts in
/// every window at once, or in none, so a limit is exact on one node even under concurrency. Counters of the
/// cluster policy also hold the rest of the cluster's count as last heard, and what is on its way there.
/// </summary>
public sealed class RateLimitCounters
{
    private sealed class Counter(string key, long limit, long windowEndTicks, long syncTicks, int nodes)
    {
        public readonly string Key = key;
        public readonly long Limit = limit;
        public readonly long WindowEndTicks = windowEndTicks;
        public readonly long SyncTicks = syncTicks;
        /// <summary>Counted here and not yet sent to the cluster (for the local policy: everything).</summary>
        public long Pending;
        /// <summary>Sent and not yet answered.</summary>
        public long InFlight;
        /// <summary>The cluster's count as last answered, this node's sent counts included.</summary>
        public long Global;
        /// <summary>Nodes counting for the tenant as last answered (1 for the local policy).</summary>
        public int Nodes = nodes;
        /// <summary>How many this node may admit from its last sync to the next, as the cluster leased it (-1 before the first).</summary>
        public long Lease = -1;
        public long NextSyncTicks;

        public long Used => Volatile.Read(ref Pending) + Volatile.Read(ref InFlight) + Volatile.Read(ref Global);

        /// <summary>
        /// Whether this node may admit one more: within the limit as last heard and within its lease, so nodes
        /// together cannot overshoot. Before the first lease, with other nodes known, a fair share of what was left.
        /// </summary>
        public bool Admits(long used)
        {
            if (used > Limit) return false;
            var lease = Volatile.Read(ref Lease);
            if (lease < 0)
            {
                var nodes = Volatile.Read(ref Nodes);
                if (nodes <= 1) return true;
                lease = (Limit - Volatile.Read(ref Global) + nodes - 1) / nodes;
            }
            return Volatile.Read(ref Pending) + Volatile.Read(ref InFlight) <= lease;
        }
    }

    private readonly ConcurrentDictionary<(Guid Instance, string Identifier, int Period, long WindowStart), Counter> _counts = new();
    private long _sweepAt;
    /// <summary>Nodes counting for the tenant as last answered, for a new counter's first sync interval.</summary>
    private int _nodes = 1;

    /// <summary>False after the cluster's counters could not be reached, until they answer again.</summary>
    public bool ClusterReachable { get; private set; } = true;

    /// <summary>Counts the request in each window unless one would go over its limit; answers the usage after.</summary>
    public bool TryAdd(RateLimitingConfig config, string identifier, DateTime now, Span<long> usage)
    {
        Sweep(now);
        var over = false;
        var counters = new Counter[config.Limits.Count];
        for (var i = 0; i < config.Limits.Count; i++)
        {
            var (period, limit) = config.Limits[i];
            var (start, end) = period.Window(now);
            counters[i] = _counts.GetOrAdd((config.Instance, identifier, period.Index, start.Ticks), static (key, state) => new Counter(
                $"{key.Instance:N}|{key.Identifier}|{key.Period}|{key.WindowStart}",
                state.Limit,
                state.End,
                state.Cluster ? state.Sync : 0,
                state.Cluster ? state.Nodes : 1), (Limit: limit, End: end.Ticks, config.Cluster, Sync: config.SyncInterval.Ticks, Nodes: Volatile.Read(ref _nodes)));
            Interlocked.Increment(ref counters[i].Pending);
            usage[i] = counters[i].Used;
            over |= !counters[i].Admits(usage[i]);
        }
        if (!over) return true;
        for (var i = 0; i < counters.Length; i++)
        {
            Interlocked.Decrement(ref counters[i].Pending);
            usage[i] = counters[i].Used;
        }
        return false;
    }

    /// <summary>
    /// Sends the counts of every live cluster counter that is due (0 when nothing was counted, to hear the rest of
    /// the cluster) and takes the global counts back. On failure the counts stay pending for the next call.
    /// </summary>
    public async Task Sync(IRateLimitCounterGrain grain, string node, DateTime now)
    {
        var due = _counts.Values.Where(c => c.SyncTicks > 0 && c.WindowEndTicks > now.Ticks && c.NextSyncTicks <= now.Ticks).ToArray();
        if (due.Length == 0) return;
        var deltas = new RateLimitDelta[due.Length];
        for (var i = 0; i < due.Length; i++)
        {
            var sent = Interlocked.Exchange(ref due[i].Pending, 0);
            Interlocked.Add(ref due[i].InFlight, sent);
            deltas[i] = new RateLimitDelta(due[i].Key, (due[i].WindowEndTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond, sent, due[i].Limit);
        }
        try
        {
            var counts = await grain.Add(node, deltas);
            for (var i = 0; i < due.Length; i++)
            {
                // Global first, then InFlight: for a moment the sent count shows twice, never zero times.
                Volatile.Write(ref due[i].Global, counts.Totals[i]);
                Volatile.Write(ref due[i].Nodes, counts.Nodes);
                Volatile.Write(ref due[i].Lease, counts.Leases[i]);
                Interlocked.Add(ref due[i].InFlight, -deltas[i].Count);
                due[i].NextSyncTicks = now.Ticks + due[i].SyncTicks;
            }
            Volatile.Write(ref _nodes, counts.Nodes);
            ClusterReachable = true;
        }
        catch
        {
            for (var i = 0; i < due.Length; i++)
            {
                Interlocked.Add(ref due[i].Pending, deltas[i].Count);
                Interlocked.Add(ref due[i].InFlight, -deltas[i].Count);
            }
            ClusterReachable = false;
            throw;
        }
    }

    /// <summary>Drops ended windows now and then.</summary>
    private void Sweep(DateTime now)
    {
        var at = Volatile.Read(ref _sweepAt);
        if (now.Ticks < at || Interlocked.CompareExchange(ref _sweepAt, now.Ticks + TimeSpan.TicksPerSecond * 10, at) != at) return;
        foreach (var (key, count) in _counts)
        {
            if (count.WindowEndTicks <= now.Ticks) _counts.TryRemove(key, out _);
        }
    }
}
