using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants.Behaviors;

/// <summary>
/// What an entity type does beyond its schema, as hooks that <see cref="EntityOperations"/> calls at fixed points.
/// Types without extra behaviour use the base, which does nothing.
/// </summary>
internal class EntityBehavior
{
    public static readonly EntityBehavior None = new();

    private static readonly Dictionary<string, EntityBehavior> ByType = new()
    {
        ["routes"] = new RouteBehavior(),
        ["domains"] = new DomainBehavior(),
        ["certificates"] = new CertificateBehavior(),
        ["keyauth_credentials"] = new KeyAuthBehavior(),
        ["basicauth_credentials"] = new BasicAuthBehavior(),
        ["jwt_secrets"] = new SealedSecretBehavior(generatesKey: true),
        ["hmacauth_credentials"] = new SealedSecretBehavior(generatesKey: false),
        ["oauth2_credentials"] = new OAuth2CredentialBehavior(),
        ["plugins"] = new PluginBehavior(),
    };

    public static EntityBehavior For(EntitySchema schema) => ByType.GetValueOrDefault(schema.Name) ?? None;

    /// <summary>Checks of a schema-valid entity that need the tenant's other entities.</summary>
    public virtual void Check(EntityOperations tenant, JsonObject entity, FieldErrors errors)
    {
    }

    /// <summary>Completes an entity before it is stored; answers a secret to show once, if any.</summary>
    public virtual string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now) => null;

    /// <summary>Adjusts a PATCH's merge of the given fields into the stored entity.</summary>
    public virtual void Merged(JsonObject merged, JsonObject patch)
    {
    }

    /// <summary>After the entity is stored, for shorthands that write other entities; an error rolls all back.</summary>
    public virtual AdminResponse? Saved(EntityOperations tenant, JsonObject entity, JsonObject input) => null;

    /// <summary>Adds what the Admin API shows beyond the stored fields.</summary>
    public virtual void Decorate(EntityOperations tenant, JsonObject view, JsonObject entity)
    {
    }

    /// <summary>Refuses a delete that would break something the schema's references do not cover.</summary>
    public virtual AdminResponse? Deleting(EntityOperations tenant, JsonObject entity) => null;
}
