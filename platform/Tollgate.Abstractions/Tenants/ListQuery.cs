namespace Tollgate.Tenants;

/// <summary>
/// Kong's list parameters: page size, opaque offset, tag filter (a,b = all; a/b = any) and field filters; and the
/// console's search, a case-insensitive text matched against an entity's own text fields.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.ListQuery")]
public sealed record ListQuery(
    [property: Id(0)] int Size = 100,
    [property: Id(1)] string? Offset = null,
    [property: Id(2)] string? Tags = null,
    [property: Id(3)] string? CustomId = null,
    [property: Id(4)] string? Search = null);
