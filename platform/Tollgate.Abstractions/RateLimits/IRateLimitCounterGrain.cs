namespace Tollgate.RateLimits;

/// <summary>
/// A tenant's cluster-wide rate-limit counts. Gateway nodes count locally and send what they counted since their
/// last call, batched, every sync interval; the answer is each key's global count and this node's lease: how many
/// more it may admit before its next call, its share of what no other node holds.
/// </summary>
[Alias("tollgate.IRateLimitCounterGrain")]
public interface IRateLimitCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds each delta from the node to its window's count and answers the counts and leases, in the same order.</summary>
    [Alias("Add")] Task<RateLimitCounts> Add(string node, RateLimitDelta[] deltas);
}

/// <param name="Key">The plugin instance, identifier, period and window start, as the node names the counter.</param>
/// <param name="WindowEnd">When the window ends (Unix milliseconds); the grain forgets the count after.</param>
/// <param name="Count">Requests counted on the node since its last call (0 to only read).</param>
/// <param name="Limit">The window's limit, to share out what is left.</param>
[GenerateSerializer, Immutable, Alias("tollgate.RateLimitDelta")]
public sealed record RateLimitDelta([property: Id(0)] string Key, [property: Id(1)] long WindowEnd, [property: Id(2)] long Count, [property: Id(3)] long Limit);

/// <param name="Totals">The cluster's count of each key sent, in order.</param>
/// <param name="Leases">How many more requests of each key the node may admit until its next call.</param>
/// <param name="Nodes">Nodes that sent counts lately.</param>
[GenerateSerializer, Immutable, Alias("tollgate.RateLimitCounts")]
public sealed record RateLimitCounts([property: Id(0)] long[] Totals, [property: Id(1)] long[] Leases, [property: Id(2)] int Nodes);
