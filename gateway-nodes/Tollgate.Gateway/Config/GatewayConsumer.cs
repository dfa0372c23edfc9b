namespace Tollgate.Gateway.Config;

/// <summary>
/// A consumer as plugins see it: the consumer groups it belongs to, ordered by group name (Kong's tie rule: of two
/// groups with the same plugin, the first by name wins), their names, and its ACL groups.
/// </summary>
public sealed record GatewayConsumer(Guid Id, string? Username, string? CustomId, IReadOnlyList<Guid> Groups)
{
    public IReadOnlyList<string> GroupNames { get; init; } = [];
    public IReadOnlyList<string> AclGroups { get; init; } = [];
    /// <summary>The id as the upstream's X-Consumer-ID header carries it, formatted once per config version.</summary>
    public string IdText { get; } = Id.ToString();
}
