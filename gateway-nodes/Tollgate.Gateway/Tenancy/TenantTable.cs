using System.Collections.Concurrent;
using Tollgate.Gateway.Config;

namespace Tollgate.Gateway.Tenancy;

/// <summary>
/// Every tenant this node serves, found from a request's Host in constant time however many tenants there are:
/// "{tenant}.{GatewayDomain}", a host the tenant claimed, or a claimed wildcard ("*.example.com").
/// </summary>
public sealed class TenantTable(string gatewayDomain)
{
    private readonly string _suffix = "." + gatewayDomain.ToLowerInvariant();
    private readonly ConcurrentDictionary<string, TenantSlot> _bySlug = new();
    private readonly ConcurrentDictionary<string, TenantSlot> _byHost = new();
    private readonly Lock _writer = new();

    public int Count => _bySlug.Count;

    public IEnumerable<TenantSlot> Slots => _bySlug.Values;

    public TenantSlot? Get(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>The tenant serving a host (lowercase, without port), or null.</summary>
    public TenantSlot? Find(string host)
    {
        if (host.EndsWith(_suffix, StringComparison.Ordinal))
        {
            var label = host[..^_suffix.Length];
            if (label.Length > 0 && !label.Contains('.') && _bySlug.TryGetValue(label, out var own)) return own;
        }
        if (_byHost.TryGetValue(host, out var exact)) return exact;
        // Claimed wildcards are stored as "*.example.com": try each parent domain of the host.
        for (var dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.', dot + 1))
        {
            if (_byHost.TryGetValue("*" + host[dot..], out var wildcard)) return wildcard;
        }
        return null;
    }

    /// <summary>Installs a tenant's new runtime (only this tenant changes) and re-points the hosts it claims.</summary>
    public TenantSlot Apply(TenantRuntime runtime)
    {
        lock (_writer)
        {
            var slug = runtime.Tenant.Slug;
            var slot = _bySlug.GetOrAdd(slug, _ => new TenantSlot(slug, runtime));
            var previous = slot.Runtime;
            slot.Runtime = runtime;
            foreach (var host in previous.ClaimedHosts.Except(runtime.ClaimedHosts))
            {
                _byHost.TryRemove(KeyValuePair.Create(host, slot));
            }
            foreach (var host in runtime.ClaimedHosts) _byHost[host] = slot;
            return slot;
        }
    }

    public void Remove(string slug)
    {
        lock (_writer)
        {
            if (!_bySlug.TryRemove(slug, out var slot)) return;
            foreach (var host in slot.Runtime.ClaimedHosts) _byHost.TryRemove(KeyValuePair.Create(host, slot));
        }
    }
}
