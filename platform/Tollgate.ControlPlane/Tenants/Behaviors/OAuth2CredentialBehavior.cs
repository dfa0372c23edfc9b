using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Secrets;

namespace Tollgate.Tenants.Behaviors;

/// <summary>
/// An OAuth 2.0 client: its id is made as "{tenant}.{random}" when not given (a given one must start with the tenant
/// and a dot); its secret is made when not given, kept only as a salted hash and shown once.
/// </summary>
internal sealed class OAuth2CredentialBehavior : EntityBehavior
{
    public override void Check(EntityOperations tenant, JsonObject entity, FieldErrors errors)
    {
        if (entity["client_id"]?.GetValue<string>() is { } id && !id.StartsWith(tenant.Tenant + ".", StringComparison.Ordinal))
        {
            errors.Add("client_id", $"must start with '{tenant.Tenant}.'");
        }
    }

    public override string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now)
    {
        entity["client_id"] ??= $"{tenant.Tenant}.{SecretHasher.NewSecret()[..22]}";
        entity["hash_secret"] = true;
        var secret = entity["client_secret"]?.GetValue<string>();
        entity.Remove("client_secret");
        if (secret is null && entity["client_secret_hash"] is not null) return null;
        secret ??= SecretHasher.NewSecret("tgs_");
        entity["client_secret_hash"] = SecretHasher.IsPasswordHash(secret) ? secret : SecretHasher.HashPassword(secret);
        return secret;
    }

    /// <summary>A PATCH that gives a secret replaces the stored hash.</summary>
    public override void Merged(JsonObject merged, JsonObject patch)
    {
        if (patch.ContainsKey("client_secret")) merged.Remove("client_secret_hash");
    }
}
