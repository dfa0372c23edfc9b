using System.Text.Json.Nodes;
using Tollgate.Secrets;

namespace Tollgate.Tenants.Behaviors;

/// <summary>A basic-auth password is kept only as a slow salted hash; a value that already is one stays as it is.</summary>
internal sealed class BasicAuthBehavior : EntityBehavior
{
    public override string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now)
    {
        var password = entity["password"]!.GetValue<string>();
        if (!SecretHasher.IsPasswordHash(password)) entity["password"] = SecretHasher.HashPassword(password);
        return null;
    }
}
