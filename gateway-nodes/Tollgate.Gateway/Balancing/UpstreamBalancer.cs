using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Balancing;

/// <summary>
/// A Kong upstream: its targets and the algorithm that picks one per request (round-robin by weight,
/// least-connections, or consistent hashing on consumer, ip, header or cookie), skipping unhealthy targets.
/// </summary>
public sealed class UpstreamBalancer
{
    private readonly TargetState[] _targets;
    private readonly int[] _wheel;
    private readonly (uint Hash, int Target)[] _ring;
    private int _next = -1;

    public UpstreamBalancer(Guid id, string name, string algorithm, HashSettings hashing, string? hostHeader,
        IReadOnlyList<TargetState> targets, HealthThresholds passive, ActiveProbe active)
    {
        Id = id;
        Name = name;
        Algorithm = algorithm;
        Hashing = hashing;
        HostHeader = hostHeader;
        Passive = passive;
        Active = active;
        _targets = targets.Where(t => t.Weight > 0).ToArray();
        _wheel = Wheel(_targets);
        _ring = algorithm == "consistent-hashing" ? Ring(_targets) : [];
    }

    public Guid Id { get; }
    public string Name { get; }
    public string Algorithm { get; }
    public HashSettings Hashing { get; }
    public string? HostHeader { get; }
    public HealthThresholds Passive { get; }
    public ActiveProbe Active { get; }
    public IReadOnlyList<TargetState> Targets => _targets;

    /// <summary>A healthy target for the request other than <paramref name="exclude"/>, or null when none is healthy.</summary>
    public TargetState? Pick(HttpContext context, string? consumerId, TargetState? exclude = null)
    {
        if (_targets.Length == 0) return null;
        return Algorithm switch
        {
            "least-connections" or "latency" => LeastConnections(exclude),
            "consistent-hashing" => Hashed(context, consumerId, exclude),
            _ => RoundRobin(exclude),
        };
    }

    private TargetState? RoundRobin(TargetState? exclude)
    {
        for (var tries = 0; tries < _wheel.Length; tries++)
        {
            var target = _targets[_wheel[(int)((uint)Interlocked.Increment(ref _next) % (uint)_wheel.Length)]];
            if (target.Healthy && target != exclude) return target;
        }
        return null;
    }

    private TargetState? LeastConnections(TargetState? exclude)
    {
        TargetState? best = null;
        foreach (var target in _targets)
        {
            if (!target.Healthy || target == exclude) continue;
            if (best is null || (long)target.Active * best.Weight < (long)best.Active * target.Weight) best = target;
        }
        return best;
    }

    private TargetState? Hashed(HttpContext context, string? consumerId, TargetState? exclude)
    {
        var key = Hashing.KeyFor(context, consumerId);
        if (key is null) return RoundRobin(exclude);
        var hash = StableHash.Of(key);
        var start = Array.BinarySearch(_ring, (hash, int.MaxValue), RingOrder.Instance);
        if (start < 0) start = ~start;
        for (var i = 0; i < _ring.Length; i++)
        {
            var target = _targets[_ring[(start + i) % _ring.Length].Target];
            if (target.Healthy && target != exclude) return target;
        }
        return null;
    }

    /// <summary>Each target appears in proportion to its weight (reduced by the weights' common divisor).</summary>
    private static int[] Wheel(TargetState[] targets)
    {
        if (targets.Length == 0) return [];
        var divisor = targets.Select(t => t.Weight).Aggregate(Gcd);
        var wheel = new List<int>();
        var remaining = targets.Select(t => t.Weight / divisor).ToArray();
        // Interleave so equal weights alternate rather than run in blocks.
        while (remaining.Any(r => r > 0))
        {
            for (var i = 0; i < targets.Length; i++)
            {
                if (remaining[i]-- > 0) wheel.Add(i);
            }
        }
        return wheel.ToArray();
    }

    private static (uint, int)[] Ring(TargetState[] targets)
    {
        var points = new List<(uint, int)>();
        for (var i = 0; i < targets.Length; i++)
        {
            var replicas = Math.Clamp(targets[i].Weight, 1, 1000);
            for (var r = 0; r < replicas; r++)
            {
                points.Add((StableHash.Of($"{targets[i].Address}#{r}"), i));
            }
        }
        return points.OrderBy(p => p.Item1).ToArray();
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private sealed class RingOrder : IComparer<(uint Hash, int Target)>
    {
        public static readonly RingOrder Instance = new();
        public int Compare((uint Hash, int Target) x, (uint Hash, int Target) y) => x.Hash.CompareTo(y.Hash);
    }
}

/// <summary>What consistent hashing hashes on, with Kong's fallback when the first choice is absent.</summary>
public sealed record HashSettings(string On, string Fallback, string? OnHeader, string? FallbackHeader, string? OnCookie, string? OnQueryArg, string? FallbackQueryArg)
{
    public string? KeyFor(HttpContext context, string? consumerId) =>
        Key(On, OnHeader, OnQueryArg, context, consumerId) ?? Key(Fallback, FallbackHeader, FallbackQueryArg, context, consumerId);

    private string? Key(string on, string? header, string? queryArg, HttpContext context, string? consumerId) => on switch
    {
        "consumer" => consumerId,
        "ip" => context.Connection.RemoteIpAddress?.ToString(),
        "header" when header is not null => context.Request.Headers[header].FirstOrDefault(),
        "cookie" when OnCookie is not null => context.Request.Cookies[OnCookie],
        "path" => context.Request.Path.Value,
        "query_arg" when queryArg is not null => context.Request.Query[queryArg].FirstOrDefault(),
        _ => null,
    };
}
