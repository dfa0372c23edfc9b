using System.Collections.Concurrent;

namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>
/// A tenant's rate-limit counters on this node, per plugin instance, identifier and window. A request counts in
/// every window at once, or in none: it is exact on one node even under concurrency.
/// </summary>
public sealed class LocalCounters
{
    private sealed class Count
    {
        public long Value;
        public long WindowEndTicks;
    }

    private readonly ConcurrentDictionary<(Guid Instance, string Identifier, string Period, long WindowStart), Count> _counts = new();
    private long _sweepAt;

    /// <summary>Counts the request in each window unless one would go over its limit; answers the usage after.</summary>
    public bool TryAdd(RateLimitingConfig config, string identifier, DateTime now, Span<long> usage)
    {
        Sweep(now);
        var counts = new Count[config.Limits.Count];
        var over = false;
        for (var i = 0; i < config.Limits.Count; i++)
        {
            var (period, limit) = config.Limits[i];
            var (start, end) = period.Window(now);
            counts[i] = _counts.GetOrAdd((config.Instance, identifier, period.Name, start.Ticks), _ => new Count { WindowEndTicks = end.Ticks });
            usage[i] = Interlocked.Increment(ref counts[i].Value);
            over |= usage[i] > limit;
        }
        if (!over) return true;
        for (var i = 0; i < counts.Length; i++)
        {
            usage[i] = Interlocked.Decrement(ref counts[i].Value);
        }
        return false;
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
