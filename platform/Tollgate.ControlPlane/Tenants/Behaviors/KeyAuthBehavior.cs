using System.Text.Json.Nodes;
using Tollgate.Secrets;

namespace Tollgate.Tenants.Behaviors;

/// <summary>An API key is kept only as its keyed hash (and its expiry from ttl); a new or generated key is shown once.</summary>
internal sealed class KeyAuthBehavior : EntityBehavior
{
    public override string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now)
    {
        entity["expires_at"] = entity["ttl"] is { } ttl && ttl.GetValue<long>() > 0
            ? entity["expires_at"]?.DeepClone() ?? now + ttl.GetValue<long>()
            : null;
        var key = entity["key"]?.GetValue<string>();
        entity.Remove("key");
        if (key is null && entity["key_hash"] is not null)
        {
            return null;
        }
        key ??= SecretHasher.NewSecret();
        entity["key_hash"] = tenant.Hasher.KeyHash(key);
        return key;
    }

    /// <summary>As Kong, a key with a ttl shows the seconds it has left (0 once expired), so a rotated key shows its grace.</summary>
    public override void Decorate(EntityOperations tenant, JsonObject view, JsonObject entity)
    {
        if (entity["expires_at"]?.GetValue<long>() is { } expiresAt) view["ttl"] = Math.Max(0, expiresAt - tenant.Now);
    }

    /// <summary>A PATCH that gives a key replaces the stored hash.</summary>
    public override void Merged(JsonObject merged, JsonObject patch)
    {
        if (patch.ContainsKey("key")) merged.Remove("key_hash");
    }
}
