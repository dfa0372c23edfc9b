namespace Tollgate.RateLimits;

/// <summary>
/// Holds a tenant's cluster rate-limit counts in memory. A count lives only as long as its window, so losing it with
/// the silo costs at most one window of accuracy, never a stuck limit.
/// </summary>
public sealed class RateLimitCounterGrain(TimeProvider clock) : Grain, IRateLimitCounterGrain
{
    private readonly Dictionary<string, (long Count, long WindowEnd)> _counts = [];
    private long _sweepAt;

    public Task<long[]> Add(RateLimitDelta[] deltas)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Sweep(now);
        var totals = new long[deltas.Length];
        for (var i = 0; i < deltas.Length; i++)
        {
            var delta = deltas[i];
            var count = _counts.TryGetValue(delta.Key, out var held) ? held.Count : 0;
            count += delta.Count;
            _counts[delta.Key] = (count, delta.WindowEnd);
            totals[i] = count;
        }
        return Task.FromResult(totals);
    }

    private void Sweep(long now)
    {
        if (now < _sweepAt) return;
        _sweepAt = now + 1000;
        foreach (var (key, held) in _counts)
        {
            if (held.WindowEnd <= now) _counts.Remove(key);
        }
    }
}
