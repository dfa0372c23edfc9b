using System.Collections.Concurrent;

namespace Tollgate.Gateway.Credentials;

/// <summary>A resolved API key: which credential and consumer it is, and when it expires (epoch seconds).</summary>
public sealed record ResolvedCredential(Guid Id, Guid ConsumerId, long? ExpiresAt);

/// <summary>
/// A tenant's API keys as this node has resolved them, by keyed hash: known keys and unknown ones, each for a while,
/// bounded in size. A credential's change or removal, announced by a config delta, evicts it at once.
/// </summary>
public sealed class CredentialCache
{
    public const int MaxEntries = 100_000;
    public static readonly TimeSpan KnownFor = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(5);

    private sealed record Entry(ResolvedCredential? Credential, long ExpiresAtTicks);

    private readonly ConcurrentDictionary<string, Entry> _byHash = new();
    private readonly ConcurrentDictionary<Guid, string> _hashById = new();

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
        if (credential is not null) _hashById[credential.Id] = hash;
    }

    /// <summary>Forgets everything (a node that read a whole snapshot cannot tell which credentials changed).</summary>
    public void Clear()
    {
        _byHash.Clear();
        _hashById.Clear();
    }

    /// <summary>Forgets a credential that changed or was deleted.</summary>
    public void Evict(Guid credentialId)
    {
        if (_hashById.TryRemove(credentialId, out var hash)) _byHash.TryRemove(hash, out _);
    }
}
