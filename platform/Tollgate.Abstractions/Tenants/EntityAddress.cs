namespace Tollgate.Tenants;

/// <summary>
/// Where an Admin API call points inside a tenant: a collection (Kong's endpoint name, e.g. "services",
/// "key-auth"), an optional entity key (id or name), and the optional parent it is nested under.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.EntityAddress")]
public sealed record EntityAddress(
    [property: Id(0)] string Collection,
    [property: Id(1)] string? Key = null,
    [property: Id(2)] string? ParentCollection = null,
    [property: Id(3)] string? ParentKey = null);
