using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>A host the tenant claims (exact or "*.example.com"); requests for it are routed to this tenant.</summary>
internal static class DomainSchema
{
    public static EntitySchema Create() => new("domains", "domains", Entity(
        Field.String("name") with { Required = true, Unique = true, Rule = Rules.WildcardHost, MaxLength = 253 },
        Field.Tags(),
        Field.Boolean("verified") with { Internal = true },
        Field.String("verification_token") with { Internal = true }))
    {
        Singular = "domain",
        EndpointKey = "name",
    };
}
