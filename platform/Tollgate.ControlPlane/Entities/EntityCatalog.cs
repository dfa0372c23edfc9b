using Tollgate.Entities.Schemas;

namespace Tollgate.Entities;

/// <summary>Every Kong entity type Tollgate serves, and how Admin API paths name and nest them.</summary>
public sealed class EntityCatalog
{
    /// <summary>The entity types in dependency order: an entity only references types listed before it.</summary>
    public IReadOnlyList<EntitySchema> Schemas { get; }

    private readonly Dictionary<string, EntitySchema> _byName;
    private readonly Dictionary<string, EntitySchema> _byEndpoint;

    /// <summary>Names Kong uses for credentials nested under a consumer.</summary>
    private static readonly Dictionary<string, string> NestedAliases = new()
    {
        ["key-auth"] = "keyauth_credentials",
        ["basic-auth"] = "basicauth_credentials",
        ["jwt"] = "jwt_secrets",
        ["hmac-auth"] = "hmacauth_credentials",
    };

    public static EntityCatalog Kong { get; } = new(
    [
        DomainSchema.Create(),
        CertificateSchema.Create(),
        CertificateSchema.Snis(),
        ServiceSchema.Create(),
        RouteSchema.Create(),
        UpstreamSchema.Create(),
        UpstreamSchema.Targets(),
        ConsumerSchema.Create(),
        ConsumerGroupSchema.Create(),
        ConsumerGroupSchema.Membership(),
        CredentialSchemas.KeyAuth(),
        CredentialSchemas.BasicAuth(),
        CredentialSchemas.Acl(),
        CredentialSchemas.Jwt(),
        CredentialSchemas.HmacAuth(),
        CredentialSchemas.OAuth2(),
        PluginSchema.Create(),
    ]);

    private EntityCatalog(IReadOnlyList<EntitySchema> schemas)
    {
        Schemas = schemas;
        _byName = schemas.ToDictionary(s => s.Name);
        _byEndpoint = schemas.ToDictionary(s => s.Endpoint);
    }

    public EntitySchema Get(string name) => _byName[name];

    /// <summary>The type a top-level Admin API path segment names ("services", "key-auths"), if any.</summary>
    public EntitySchema? ByEndpoint(string segment) =>
        _byEndpoint.GetValueOrDefault(segment) ?? _byName.GetValueOrDefault(segment);

    /// <summary>
    /// For /{parent}/{key}/{segment}: the child type listed there and its field pointing at the parent
    /// (e.g. services → routes.service, consumers → key-auth → keyauth_credentials.consumer).
    /// </summary>
    public (EntitySchema Child, Field Foreign)? Nested(EntitySchema parent, string segment)
    {
        var child = NestedAliases.TryGetValue(segment, out var alias) ? _byName[alias] : ByEndpoint(segment);
        var field = child?.ForeignFields.FirstOrDefault(f => f.Reference == parent.Name);
        return child is null || field is null || child.Name == "consumer_group_consumers" ? null : (child, field);
    }

    /// <summary>Entities whose foreign field points at the given type.</summary>
    public IEnumerable<(EntitySchema Schema, Field Field)> ReferencesTo(EntitySchema target) =>
        Schemas.SelectMany(s => s.ForeignFields.Where(f => f.Reference == target.Name).Select(f => (s, f)));
}
