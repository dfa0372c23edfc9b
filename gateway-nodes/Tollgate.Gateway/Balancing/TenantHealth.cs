using System.Collections.Concurrent;

namespace Tollgate.Gateway.Balancing;

/// <summary>A tenant's target health on this node, by upstream and address, kept across config rebuilds.</summary>
public sealed class TenantHealth
{
    private readonly ConcurrentDictionary<(Guid Upstream, string Host, int Port), TargetState> _targets = new();

    public TargetState Target(Guid upstream, string host, int port) =>
        _targets.GetOrAdd((upstream, host, port), key => new TargetState(key.Host, key.Port));

    /// <summary>Forgets targets that the new config no longer has.</summary>
    public void Retain(IEnumerable<UpstreamBalancer> upstreams)
    {
        var live = upstreams.SelectMany(u => u.Targets.Select(t => (u.Id, t.Host, t.Port))).ToHashSet();
        foreach (var key in _targets.Keys)
        {
            if (!live.Contains(key)) _targets.TryRemove(key, out _);
        }
    }
}
