using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Config;

namespace Tollgate.Gateway.Tenancy;

/// <summary>
/// A tenant on this node: its current runtime (swapped whole when a new version applies; requests in flight keep
/// the one they started with), its in-flight count for the concurrency cap, and its target health.
/// </summary>
public sealed class TenantSlot(string slug, TenantRuntime runtime)
{
    private TenantRuntime _runtime = runtime;
    private int _inFlight;

    public string Slug { get; } = slug;
    public TenantHealth Health { get; } = new();
    public Credentials.CredentialCache Credentials { get; } = new();

    /// <summary>State plugins keep on this node across config versions (e.g. rate-limit counters), by plugin name.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, object> PluginState { get; } = new();

    public TenantRuntime Runtime
    {
        get => Volatile.Read(ref _runtime);
        set => Volatile.Write(ref _runtime, value);
    }

    /// <summary>Admits a request unless the tenant already has <paramref name="cap"/> in flight.</summary>
    public bool TryEnter(int cap)
    {
        if (Interlocked.Increment(ref _inFlight) <= cap) return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    private long _rateSecond;
    private int _rateCount;

    /// <summary>Admits a request unless the tenant already had <paramref name="perSecond"/> in this second on this node.</summary>
    public bool TryAdmitRate(int perSecond)
    {
        var second = Environment.TickCount64 / 1000;
        var window = Volatile.Read(ref _rateSecond);
        if (window != second && Interlocked.CompareExchange(ref _rateSecond, second, window) == window) Volatile.Write(ref _rateCount, 0);
        return Interlocked.Increment(ref _rateCount) <= perSecond;
    }

    /// <summary>Whether the control plane holds the tenant's traffic: a used-up quota, a suspended account.</summary>
    public Tollgate.Config.TrafficHold Hold { get; set; } = Tollgate.Config.TrafficHold.None;
}
