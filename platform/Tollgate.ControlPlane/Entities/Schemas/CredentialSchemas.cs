using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>
/// Consumer credentials. Secrets are never stored in the clear: an API key is kept as a keyed hash
/// (key_hash) and shown once on creation; a basic-auth password is kept as a slow salted hash.
/// </summary>
internal static class CredentialSchemas
{
    public static EntitySchema KeyAuth() => new("keyauth_credentials", "key-auths", Entity(
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true },
        Field.String("key") with { MinLength = 1, Internal = false },
        Field.String("key_hash") with { Unique = true, Internal = true },
        Field.Integer("ttl") with { Min = 0, Max = 100000000 },
        Field.Integer("expires_at") with { Internal = true },
        Field.Tags()))
    {
        Singular = "keyauth_credential",
        EndpointKey = "key",
        InSnapshot = false,
    };

    public static EntitySchema BasicAuth() => new("basicauth_credentials", "basic-auths", Entity(
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true },
        Field.String("username") with { Required = true, Unique = true, MinLength = 1 },
        Field.String("password") with { Required = true },
        Field.Tags()))
    {
        Singular = "basicauth_credential",
        EndpointKey = "username",
        InSnapshot = false,
    };
}
