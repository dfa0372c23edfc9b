using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using Tollgate.Config;

namespace Tollgate.Tenants;

/// <summary>A pool's tenant versions, persisted, and the nodes subscribed to its change notices.</summary>
public sealed class ConfigHubGrain : Grain, IConfigHubGrain
{
    /// <summary>A node that stops renewing is forgotten after this long.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<PoolVersions> _state;
    private readonly ObserverManager<IConfigObserver> _observers;

    public ConfigHubGrain([PersistentState("config-hub", StorageNames.Default)] IPersistentState<PoolVersions> state, ILogger<ConfigHubGrain> logger)
    {
        _state = state;
        _observers = new ObserverManager<IConfigObserver>(SubscriptionLifetime, logger);
    }

    [GenerateSerializer, Alias("tollgate.PoolVersions")]
    public sealed class PoolVersions
    {
        [Id(0)] public Dictionary<string, long> Tenants { get; set; } = new();
        /// <summary>Tenants whose traffic is held: a used-up hard-capped quota, a suspended account.</summary>
        [Id(2)] public Dictionary<string, TrafficHold> Holds { get; set; } = new();
    }

    public async Task Publish(string tenant, long version)
    {
        var changed = version == 0
            ? _state.State.Tenants.Remove(tenant)
            : !_state.State.Tenants.TryGetValue(tenant, out var known) || known < version;
        if (version > 0 && changed) _state.State.Tenants[tenant] = version;
        if (!changed) return;
        await _state.WriteStateAsync();
        // One-way: a slow or gone node never holds up the publisher.
        await _observers.Notify(o => _ = o.ConfigChanged(tenant, version));
    }

    public Task SetQuota(string tenant, long exhaustedMonth) => Hold(tenant, h => h with { QuotaMonth = exhaustedMonth });

    public Task SetSuspended(string tenant, bool suspended) => Hold(tenant, h => h with { Suspended = suspended });

    private async Task Hold(string tenant, Func<TrafficHold, TrafficHold> change)
    {
        var known = _state.State.Holds.GetValueOrDefault(tenant, TrafficHold.None);
        var hold = change(known);
        if (hold == known) return;
        if (hold.IsNone) _state.State.Holds.Remove(tenant);
        else _state.State.Holds[tenant] = hold;
        await _state.WriteStateAsync();
        await _observers.Notify(o => _ = o.HoldChanged(tenant, hold));
    }

    public Task<IReadOnlyDictionary<string, TrafficHold>> Holds() =>
        Task.FromResult<IReadOnlyDictionary<string, TrafficHold>>(new Dictionary<string, TrafficHold>(_state.State.Holds));

    public Task<IReadOnlyDictionary<string, long>> Versions() =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(_state.State.Tenants));

    public Task Subscribe(IConfigObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IConfigObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>How long a node may take to answer for its cache; a node that does not is left out.</summary>
    private static readonly TimeSpan NodeAnswer = TimeSpan.FromSeconds(2);

    public async Task<int> PurgeCache(string tenant, Guid? plugin, string? key) =>
        (await Ask(o => o.PurgeCache(tenant, plugin, key))).Sum();

    public async Task<CachedEntry?> FindCached(string tenant, Guid? plugin, string key) =>
        (await Ask(o => o.FindCached(tenant, plugin, key))).FirstOrDefault(e => e is not null);

    private async Task<T?[]> Ask<T>(Func<IConfigObserver, Task<T>> call) =>
        await Task.WhenAll(_observers.ToList().Select(async observer =>
        {
            try
            {
                return await call(observer).WaitAsync(NodeAnswer);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                return default;
            }
        }));
}
