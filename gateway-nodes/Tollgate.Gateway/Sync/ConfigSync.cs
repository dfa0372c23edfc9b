using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Config;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Telemetry;
using Tollgate.Gateway.Tenancy;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Sync;

/// <summary>
/// Keeps the node's tenants current. It learns of changes from the pool hubs' notices and, as a safety net, by
/// polling their versions; it then pulls each changed tenant's delta (or snapshot when too far behind), compiles
/// it and swaps it in. Only that tenant is rebuilt; a config that fails to compile is rejected and the old one keeps
/// serving. On start it serves the disk cache first, so it works while the control plane is down.
/// </summary>
public sealed class ConfigSync(
    IGrainFactory grains,
    TenantTable table,
    DiskCache cache,
    Plugins.ProxyCache.CacheStore proxyCache,
    GatewayOptions options,
    ILogger<ConfigSync> logger) : BackgroundService, IConfigObserver
{
    private const int Workers = 4;

    private readonly ConcurrentDictionary<string, TenantConfigState> _applied = new();
    private readonly ConcurrentDictionary<string, long> _wanted = new();
    private readonly ConcurrentDictionary<string, byte> _queued = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile bool _servingCache;

    /// <summary>Ready to serve: reconciled with the control plane, or serving a non-empty disk cache while it is away.</summary>
    public bool IsReady => _firstSync.Task.IsCompleted || _servingCache;

    /// <summary>The version this node serves for a tenant, or 0.</summary>
    public long VersionOf(string slug) => _applied.TryGetValue(slug, out var state) ? state.Version : 0;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var fromDisk = false;
        foreach (var state in await cache.LoadAll())
        {
            if (options.Pools.Contains(state.Tenant.Pool)) fromDisk |= Install(state, fromCache: true);
        }
        // Ready only once every cached tenant is installed, not at the first of them.
        _servingCache = fromDisk;
        var workers = Enumerable.Range(0, Workers).Select(_ => Work(stopping)).ToList();
        IConfigObserver? self = null;
        var lastSubscribed = DateTime.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            var wait = options.PollInterval;
            try
            {
                if (DateTime.UtcNow - lastSubscribed > ConfigHubSubscriptionRenewal)
                {
                    self ??= grains.CreateObjectReference<IConfigObserver>(this);
                    foreach (var pool in options.Pools) await grains.GetGrain<IConfigHubGrain>(pool).Subscribe(self);
                    lastSubscribed = DateTime.UtcNow;
                }
                await Reconcile();
                _firstSync.TrySetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lastSubscribed = DateTime.MinValue;
                wait = ReconnectDelay < wait ? ReconnectDelay : wait;
                logger.LogWarning("Control plane unreachable ({Error}); serving the last applied config of {Tenants} tenants",
                    e.Message, table.Count);
            }
            try
            {
                await Task.Delay(wait, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _queue.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    /// <summary>While the control plane is away, look for it again this often.</summary>
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>Renew well inside the hub's subscription lifetime.</summary>
    private static readonly TimeSpan ConfigHubSubscriptionRenewal = TimeSpan.FromSeconds(20);

    public Task ConfigChanged(string tenant, long version)
    {
        Want(tenant, version);
        return Task.CompletedTask;
    }

    private readonly ConcurrentDictionary<string, TrafficHold> _holds = new();

    public Task HoldChanged(string tenant, TrafficHold hold)
    {
        if (hold.IsNone) _holds.TryRemove(tenant, out _);
        else _holds[tenant] = hold;
        if (table.Get(tenant) is { } slot) slot.Hold = hold;
        return Task.CompletedTask;
    }

    public Task<int> PurgeCache(string tenant, Guid? plugin, string? key) => Task.FromResult(proxyCache.Purge(tenant, plugin, key));

    public Task<CachedEntry?> FindCached(string tenant, Guid? plugin, string key) =>
        Task.FromResult(proxyCache.Find(tenant, plugin, key).Select(found => (CachedEntry?)new CachedEntry(
            found.Instance,
            found.Response.Status,
            found.Response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            found.Response.Body.Length,
            found.Response.StoredAt.ToUnixTimeSeconds(),
            found.Response.Ttl)).FirstOrDefault());

    private async Task Reconcile()
    {
        var present = new HashSet<string>();
        var holds = new Dictionary<string, TrafficHold>();
        foreach (var pool in options.Pools)
        {
            var hub = grains.GetGrain<IConfigHubGrain>(pool);
            foreach (var (tenant, version) in await hub.Versions())
            {
                present.Add(tenant);
                Want(tenant, version);
            }
            foreach (var (tenant, hold) in await hub.Holds()) holds[tenant] = hold;
        }
        foreach (var tenant in _holds.Keys.Concat(holds.Keys).Distinct().ToList())
        {
            await HoldChanged(tenant, holds.GetValueOrDefault(tenant, TrafficHold.None));
        }
        foreach (var slug in _applied.Keys.Where(s => !present.Contains(s)).ToList())
        {
            Want(slug, 0);
        }
    }

    private void Want(string tenant, long version)
    {
        _wanted.AddOrUpdate(tenant, version, (_, known) => version == 0 ? 0 : Math.Max(known, version));
        if ((version == 0 ? _applied.ContainsKey(tenant) : VersionOf(tenant) < version) && _queued.TryAdd(tenant, 0))
        {
            _queue.Writer.TryWrite(tenant);
        }
    }

    private async Task Work(CancellationToken stopping)
    {
        await foreach (var tenant in _queue.Reader.ReadAllAsync(stopping))
        {
            // One catch-up per tenant at a time, so versions apply in order; a notice that arrives meanwhile
            // queues the tenant again and its catch-up runs after this one.
            var gate = _gates.GetOrAdd(tenant, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(stopping);
            try
            {
                _queued.TryRemove(tenant, out _);
                await CatchUp(tenant);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Tenant {Tenant} config could not be fetched ({Error}); retrying on the next poll", tenant, e.Message);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private async Task CatchUp(string tenant)
    {
        var wanted = _wanted.GetValueOrDefault(tenant);
        if (wanted == 0)
        {
            Uninstall(tenant);
            return;
        }
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        TenantConfigState next;
        if (_applied.TryGetValue(tenant, out var current))
        {
            if (current.Version >= wanted) return;
            var delta = await grain.GetDelta(current.Version);
            next = delta.SnapshotRequired ? TenantConfigState.From(await grain.GetSnapshot()) : current.Apply(delta);
            if (table.Get(tenant) is { } slot)
            {
                // Credentials are not in the config; a change to one only says a cached copy is stale.
                if (delta.SnapshotRequired) slot.Credentials.Clear();
                foreach (var change in delta.Changes.Where(c => c.Json is null)) slot.Credentials.Evict(change.Id);
            }
        }
        else
        {
            next = TenantConfigState.From(await grain.GetSnapshot());
        }
        if (!options.Pools.Contains(next.Tenant.Pool))
        {
            Uninstall(tenant);
            return;
        }
        if (Install(next, fromCache: false))
        {
            await cache.Save(next);
        }
    }

    /// <summary>Compiles and swaps in the tenant's config; false (old config kept) when it does not compile.</summary>
    private bool Install(TenantConfigState state, bool fromCache)
    {
        var slug = state.Tenant.Slug;
        if (VersionOf(slug) >= state.Version)
        {
            return false;
        }
        TenantRuntime runtime;
        var health = table.Get(slug)?.Health ?? new Balancing.TenantHealth();
        try
        {
            runtime = TenantCompiler.Compile(state.Tenant, state.Version, state.Entities, health);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            GatewayMetrics.ConfigRejected.Add(1);
            logger.LogError(e, "Tenant {Tenant} config version {Version} was rejected; version {Serving} keeps serving",
                slug, state.Version, VersionOf(slug));
            return false;
        }
        var slot = table.Apply(runtime);
        slot.Hold = _holds.GetValueOrDefault(runtime.Tenant.Slug, TrafficHold.None);
        slot.Health.Retain(runtime.Upstreams);
        _applied[slug] = state;
        GatewayMetrics.ConfigApplied.Add(1);
        logger.LogInformation("Tenant {Tenant} config version {Version} applied{Source}", slug, state.Version, fromCache ? " from the disk cache" : "");
        return true;
    }

    private void Uninstall(string tenant)
    {
        table.Remove(tenant);
        _applied.TryRemove(tenant, out _);
        cache.Delete(tenant);
        logger.LogInformation("Tenant {Tenant} is no longer served by this node", tenant);
    }
}
