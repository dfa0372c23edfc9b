using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Credentials;

/// <summary>
/// A resolved credential: which credential and consumer it is, when it expires (epoch seconds), and the stored
/// entity for the fields its auth plugin checks (a password hash, a JWT secret).
/// </summary>
public sealed record ResolvedCredential(Guid Id, Guid ConsumerId, long? ExpiresAt, JsonObject Entity)
{
    public static ResolvedCredential From(JsonObject credential) => new(
        Guid.Parse(credential["id"]!.GetValue<string>()),
        Guid.Parse(credential["consumer"]!["id"]!.GetValue<string>()),
        credential["expires_at"]?.GetValue<long>(),
        credential);

    public bool IsExpired => ExpiresAt is { } at && at <= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}

/// <summary>
/// A tenant's credentials as this node has resolved them, by lookup key: known ones and unknown ones, each for a while,
/// bounded in size. A credential's change or removal, announced by a config delta, evicts it at once.
/// </summary>
public sealed class CredentialCache
{
    public const int MaxEntries = 100_000;
    public static readonly TimeSpan KnownFor = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(5);

    private sealed record Entry(ResolvedCredential? Credential, long ExpiresAtTicks);

    private readonly ConcurrentDictionary<string, Entry> _byHash = new();
    /// <summary>Every cache key that resolved to a credential (its lookup, and verified secrets), to evict them together.</summary>
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, byte>> _keysById = new();

    /// <summary>True when the hash was resolved recently; the credential is null for a key known not to exist.</summary>
    public bool TryGet(string hash, out ResolvedCredential? credential)
    {
        credential = null;
        if (!_byHash.TryGetValue(hash, out var entry) || entry.ExpiresAtTicks < Environment.TickCount64)
        {
            return false;
        }
        credential = entry.Credential;
        return true;
    }

    public void Put(string hash, ResolvedCredential? credential)
    {
        if (_byHash.Count >= MaxEntries)
        {
            // Simple bound: start over rather than grow without limit.
            Clear();
        }
        var lifetime = credential is null ? UnknownFor : KnownFor;
        _byHash[hash] = new Entry(credential, Environment.TickCount64 + (long)lifetime.TotalMilliseconds);
        if (credential is not null) _keysById.GetOrAdd(credential.Id, _ => new())[hash] = 0;
    }

    /// <summary>Forgets everything (a node that read a whole snapshot cannot tell which credentials changed).</summary>
    public void Clear()
    {
        _byHash.Clear();
        _keysById.Clear();
    }

    /// <summary>Forgets a credential that changed or was deleted.</summary>
    public void Evict(Guid credentialId)
    {
        if (!_keysById.TryRemove(credentialId, out var keys)) return;
        foreach (var key in keys.Keys) _byHash.TryRemove(key, out _);
    }
}
