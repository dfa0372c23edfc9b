using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Plugins.ProxyCache;

/// <summary>A stored upstream response: status, headers and body, when it was stored and for how long it is fresh.</summary>
public sealed record CachedResponse(int Status, IReadOnlyList<KeyValuePair<string, StringValues>> Headers, byte[] Body, DateTimeOffset StoredAt, int Ttl, int StorageTtl)
{
    /// <summary>What the entry costs in memory, roughly: the body plus its headers.</summary>
    public long Size { get; } = Body.Length + Headers.Sum(h => h.Key.Length + h.Value.ToString().Length) + 64;

    public double Age(DateTimeOffset now) => (now - StoredAt).TotalSeconds;

    /// <summary>Past its storage time, the entry is gone even for Cache-Control's max-stale.</summary>
    public bool Expired(DateTimeOffset now) => Age(now) > StorageTtl;
}
