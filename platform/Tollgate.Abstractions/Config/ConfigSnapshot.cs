using Tollgate.Tenants;

namespace Tollgate.Config;

/// <summary>A tenant's whole gateway configuration at one config version, as Kong-shaped entity JSON.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.ConfigSnapshot")]
public sealed record ConfigSnapshot(
    [property: Id(0)] TenantRecord Tenant,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<EntityDocument> Entities);

/// <summary>One entity of a snapshot: its collection (e.g. "routes"), id and JSON.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.EntityDocument")]
public sealed record EntityDocument(
    [property: Id(0)] string Collection,
    [property: Id(1)] Guid Id,
    [property: Id(2)] string Json);
