using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>Kong's Consumer: an API client, known by username and/or custom_id.</summary>
internal static class ConsumerSchema
{
    public static EntitySchema Create() => new("consumers", "consumers", Entity(
        Field.String("username") with { Unique = true },
        Field.String("custom_id") with { Unique = true },
        Field.Tags()))
    {
        Singular = "consumer",
        EndpointKey = "username",
        EntityChecks = consumer =>
            consumer["username"] is null && consumer["custom_id"] is null
                ? ["at least one of these fields must be non-empty: 'custom_id', 'username'"]
                : [],
    };
}
