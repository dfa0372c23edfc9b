using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>
/// Consumer credentials. Secrets are never stored in the clear: an API key is kept as a keyed hash
/// (key_hash) and shown once on creation; a basic-auth password is kept as a slow salted hash; a JWT or
/// hmac-auth secret, which gateways must read to verify signatures, is kept sealed (secret_sealed) and shown once.
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

    /// <summary>A consumer's ACL group, which the acl plugin allows or denies.</summary>
    public static EntitySchema Acl() => new("acls", "acls", Entity(
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true },
        Field.String("group") with { Required = true, MinLength = 1 },
        Field.Tags()))
    {
        Singular = "acl",
        UniqueTogether = [["consumer", "group"]],
    };

    /// <summary>A JWT signing credential: the key that names it (the iss claim by default), and its secret or RSA/EC public key.</summary>
    public static EntitySchema Jwt() => new("jwt_secrets", "jwts", Entity(
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true },
        Field.String("key") with { Unique = true, MinLength = 1 },
        Field.String("secret") with { MinLength = 1 },
        Field.String("secret_sealed") with { Internal = true },
        Field.String("rsa_public_key"),
        Field.String("algorithm") with { Default = "HS256", OneOf = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384"] },
        Field.Tags()))
    {
        Singular = "jwt_secret",
        EndpointKey = "key",
        InSnapshot = false,
    };

    /// <summary>An hmac-auth credential: the username a signature names, and the shared secret it is made with.</summary>
    public static EntitySchema HmacAuth() => new("hmacauth_credentials", "hmac-auths", Entity(
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true },
        Field.String("username") with { Required = true, Unique = true, MinLength = 1 },
        Field.String("secret") with { MinLength = 1 },
        Field.String("secret_sealed") with { Internal = true },
        Field.Tags()))
    {
        Singular = "hmacauth_credential",
        EndpointKey = "username",
        InSnapshot = false,
    };

    /// <summary>
    /// An OAuth 2.0 client of a consumer (Kong's oauth2 credential): the platform's token endpoint issues it access
    /// tokens for the client-credentials grant. The client id starts with the tenant's slug and a dot, which is how the
    /// token endpoint finds the tenant; the secret is kept only as a slow salted hash (hash_secret is always on) and
    /// shown once. Tokens carry only the requested scopes listed in scopes.
    /// </summary>
    public static EntitySchema OAuth2() => new("oauth2_credentials", "oauth2", Entity(
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true },
        Field.String("name") with { Required = true, MinLength = 1 },
        Field.String("client_id") with { Unique = true, MinLength = 1 },
        Field.String("client_secret") with { MinLength = 1 },
        Field.String("client_secret_hash") with { Internal = true },
        Field.Boolean("hash_secret") with { Default = true },
        new Field("redirect_uris", FieldKind.Array) { Elements = Field.String("redirect_uri") },
        Field.String("client_type") with { Default = "confidential", OneOf = ["confidential"] },
        new Field("scopes", FieldKind.Set) { Elements = Field.String("scope") with { MinLength = 1 } },
        Field.Tags()))
    {
        Singular = "oauth2_credential",
        EndpointKey = "client_id",
        InSnapshot = false,
    };
}
