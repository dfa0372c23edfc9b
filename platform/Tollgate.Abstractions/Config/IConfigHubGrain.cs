using Orleans.Concurrency;

namespace Tollgate.Config;

/// <summary>
/// A gateway pool's view of config versions: which tenants the pool serves and at which version. Nodes poll
/// <see cref="Versions"/> as a safety net and subscribe to be told of each change as it commits.
/// </summary>
[Alias("tollgate.IConfigHubGrain")]
public interface IConfigHubGrain : IGrainWithStringKey
{
    /// <summary>Records the tenant's new version and tells subscribers; version 0 removes the tenant from the pool.</summary>
    [Alias("Publish")] Task Publish(string tenant, long version);
    [Alias("Versions")] Task<IReadOnlyDictionary<string, long>> Versions();
    /// <summary>Subscribes a node; a subscription lapses after a minute unless renewed.</summary>
    [Alias("Subscribe")] Task Subscribe(IConfigObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IConfigObserver observer);

    /// <summary>Records that the tenant used up its hard-capped monthly quota for this month (0: it has not) and tells the nodes.</summary>
    [Alias("SetQuota")] Task SetQuota(string tenant, long exhaustedMonth);
    /// <summary>Records that the tenant's account is suspended for non-payment (or no longer is) and tells the nodes.</summary>
    [Alias("SetSuspended")] Task SetSuspended(string tenant, bool suspended);
    /// <summary>The tenants whose traffic is held, and why; nodes poll it as a safety net.</summary>
    [Alias("Holds")] Task<IReadOnlyDictionary<string, TrafficHold>> Holds();

    /// <summary>Asks every subscribed node to drop a tenant's proxy-cache entries (all, one plugin's, one key); answers how many went.</summary>
    [AlwaysInterleave, Alias("PurgeCache")] Task<int> PurgeCache(string tenant, Guid? plugin, string? key);
    /// <summary>Looks for a tenant's proxy-cache entry on the subscribed nodes.</summary>
    [AlwaysInterleave, Alias("FindCached")] Task<CachedEntry?> FindCached(string tenant, Guid? plugin, string key);
}

/// <summary>A gateway node listening for config changes of its pools, and answering for its proxy cache.</summary>
[Alias("tollgate.IConfigObserver")]
public interface IConfigObserver : IGrainObserver
{
    /// <summary>The tenant now has this version (0: the tenant left the pool).</summary>
    [OneWay, Alias("ConfigChanged")] Task ConfigChanged(string tenant, long version);
    /// <summary>The tenant's traffic is now held for this reason (<see cref="TrafficHold.None"/>: released).</summary>
    [OneWay, Alias("HoldChanged")] Task HoldChanged(string tenant, TrafficHold hold);
    [Alias("PurgeCache")] Task<int> PurgeCache(string tenant, Guid? plugin, string? key);
    [Alias("FindCached")] Task<CachedEntry?> FindCached(string tenant, Guid? plugin, string key);
}

/// <summary>A proxy-cache entry as the Admin API shows it: which plugin holds it, the stored response's status, headers and size, and its age.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.CachedEntry")]
public sealed record CachedEntry(
    [property: Id(0)] Guid Plugin,
    [property: Id(1)] int Status,
    [property: Id(2)] IReadOnlyDictionary<string, string> Headers,
    [property: Id(3)] long BodyLength,
    [property: Id(4)] long Timestamp,
    [property: Id(5)] int Ttl);
