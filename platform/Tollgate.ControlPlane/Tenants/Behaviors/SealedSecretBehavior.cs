using System.Text.Json.Nodes;
using Tollgate.Secrets;

namespace Tollgate.Tenants.Behaviors;

/// <summary>
/// Credentials whose secret must stay readable to verify signatures (JWT, hmac-auth). As in Kong, the secret (and a
/// JWT's key) is made up when none is given; unlike Kong, it is stored sealed, never in the clear, and shown once,
/// in the answer that set it.
/// </summary>
internal sealed class SealedSecretBehavior(bool generatesKey) : EntityBehavior
{
    public override string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now)
    {
        if (generatesKey) entity["key"] ??= existing?["key"]?.DeepClone() ?? SecretHasher.NewSecret();
        var secret = entity["secret"]?.GetValue<string>();
        entity.Remove("secret");
        if (secret is null)
        {
            entity["secret_sealed"] ??= existing?["secret_sealed"]?.DeepClone();
            if (entity["secret_sealed"] is not null) return null;
            secret = SecretHasher.NewSecret();
        }
        entity["secret_sealed"] = tenant.Hasher.Sealer.Seal(secret);
        return secret;
    }

    /// <summary>A PATCH that sets a new secret replaces the sealed one.</summary>
    public override void Merged(JsonObject merged, JsonObject patch)
    {
        if (patch.ContainsKey("secret")) merged.Remove("secret_sealed");
    }
}
