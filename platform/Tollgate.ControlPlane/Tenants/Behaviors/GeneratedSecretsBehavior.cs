using System.Text.Json.Nodes;
using Tollgate.Secrets;

namespace Tollgate.Tenants.Behaviors;

/// <summary>
/// Credentials whose key or secret Kong makes up when none is given (JWT key and secret, hmac-auth secret). These
/// secrets must stay readable to verify signatures, so unlike API keys they are stored as given.
/// </summary>
internal sealed class GeneratedSecretsBehavior(params string[] fields) : EntityBehavior
{
    public override string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now)
    {
        foreach (var field in fields)
        {
            entity[field] ??= existing?[field]?.DeepClone() ?? SecretHasher.NewSecret();
        }
        return null;
    }
}
