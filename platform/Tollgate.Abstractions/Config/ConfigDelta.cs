using Tollgate.Tenants;

namespace Tollgate.Config;

/// <summary>
/// The changes to a tenant's config after a version, in order. When the node is further behind than the
/// retained change log, <see cref="SnapshotRequired"/> is set and the node must read the snapshot instead.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.ConfigDelta")]
public sealed record ConfigDelta(
    [property: Id(0)] TenantRecord Tenant,
    [property: Id(1)] long FromVersion,
    [property: Id(2)] long ToVersion,
    [property: Id(3)] bool SnapshotRequired,
    [property: Id(4)] IReadOnlyList<ConfigChange> Changes);

/// <summary>
/// One entity written (Json set) or deleted (Json null) at a config version. For entities that snapshots leave out
/// (credentials), Json is always null: the change only says that a cached copy is stale.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.ConfigChange")]
public sealed record ConfigChange(
    [property: Id(0)] long Version,
    [property: Id(1)] string Collection,
    [property: Id(2)] Guid Id,
    [property: Id(3)] string? Json);
