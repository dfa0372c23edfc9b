using System.Collections.Concurrent;

namespace Tollgate.Gateway.Plugins.ProxyCache;

/// <summary>
/// The node's proxy-cache memory: entries per tenant, each tenant within its own byte budget and all tenants within
/// the node's, the oldest entries evicted first. A tenant's writes lock only that tenant's part.
/// </summary>
public sealed class CacheStore(GatewayOptions options)
{
    private readonly ConcurrentDictionary<string, TenantEntries> _tenants = new();
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>A response larger than this is not cached: a quarter of a tenant's budget.</summary>
    public long MaxEntryBytes => options.ProxyCacheBytesPerTenant / 4;

    public CachedResponse? Get(string tenant, Guid instance, string key)
    {
        if (!_tenants.TryGetValue(tenant, out var entries) || !entries.Map.TryGetValue((instance, key), out var response)) return null;
        if (!response.Expired(DateTimeOffset.UtcNow)) return response;
        Remove(entries, (instance, key), response);
        return null;
    }

    public void Put(string tenant, Guid instance, string key, CachedResponse response)
    {
        if (response.Size > MaxEntryBytes) return;
        var entries = _tenants.GetOrAdd(tenant, static _ => new TenantEntries());
        lock (entries)
        {
            if (entries.Map.TryGetValue((instance, key), out var old)) Remove(entries, (instance, key), old);
            entries.Map[(instance, key)] = response;
            entries.Order.Enqueue(((instance, key), response));
            entries.Bytes += response.Size;
            Interlocked.Add(ref _bytes, response.Size);
            while (entries.Bytes > options.ProxyCacheBytesPerTenant && EvictOldest(entries))
            {
            }
        }
        while (Bytes > options.ProxyCacheBytes && _tenants.Values.MaxBy(t => t.Bytes) is { } largest)
        {
            lock (largest)
            {
                if (!EvictOldest(largest)) break;
            }
        }
    }

    /// <summary>Removes a tenant's entries: all, one plugin instance's, or one key (in one instance or all). Answers how many.</summary>
    public int Purge(string tenant, Guid? instance, string? key)
    {
        if (!_tenants.TryGetValue(tenant, out var entries)) return 0;
        var purged = 0;
        foreach (var (address, response) in entries.Map)
        {
            if ((instance is null || address.Instance == instance) && (key is null || address.Key == key) && Remove(entries, address, response)) purged++;
        }
        return purged;
    }

    /// <summary>The tenant's live entries under a key, with the plugin instance holding each.</summary>
    public IEnumerable<(Guid Instance, CachedResponse Response)> Find(string tenant, Guid? instance, string key)
    {
        if (!_tenants.TryGetValue(tenant, out var entries)) yield break;
        var now = DateTimeOffset.UtcNow;
        foreach (var ((owner, entryKey), response) in entries.Map)
        {
            if (entryKey == key && (instance is null || owner == instance) && !response.Expired(now)) yield return (owner, response);
        }
    }

    private bool EvictOldest(TenantEntries entries)
    {
        while (entries.Order.TryDequeue(out var oldest))
        {
            if (Remove(entries, oldest.Address, oldest.Response)) return true;
        }
        return false;
    }

    private bool Remove(TenantEntries entries, (Guid, string) address, CachedResponse response)
    {
        if (!entries.Map.TryRemove(KeyValuePair.Create(address, response))) return false;
        lock (entries) entries.Bytes -= response.Size;
        Interlocked.Add(ref _bytes, -response.Size);
        return true;
    }

    private sealed class TenantEntries
    {
        public readonly ConcurrentDictionary<(Guid Instance, string Key), CachedResponse> Map = new();
        public readonly ConcurrentQueue<((Guid Instance, string Key) Address, CachedResponse Response)> Order = new();
        public long Bytes;
    }
}
