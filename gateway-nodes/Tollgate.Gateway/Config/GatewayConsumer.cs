namespace Tollgate.Gateway.Config;

/// <summary>A consumer as plugins see it, and the consumer groups it belongs to.</summary>
public sealed record GatewayConsumer(Guid Id, string? Username, string? CustomId, IReadOnlyList<Guid> Groups);
