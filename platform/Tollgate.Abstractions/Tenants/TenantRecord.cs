namespace Tollgate.Tenants;

/// <summary>A tenant of the platform: its DNS-safe slug, display name, billing plan and the gateway pool serving it.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.TenantRecord")]
public sealed record TenantRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Name,
    [property: Id(3)] string Plan,
    [property: Id(4)] string Pool,
    [property: Id(5)] long CreatedAt,
    [property: Id(6)] long UpdatedAt);
