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
}

/// <summary>A gateway node listening for config changes of its pools.</summary>
[Alias("tollgate.IConfigObserver")]
public interface IConfigObserver : IGrainObserver
{
    /// <summary>The tenant now has this version (0: the tenant left the pool).</summary>
    [OneWay, Alias("ConfigChanged")] Task ConfigChanged(string tenant, long version);
}
