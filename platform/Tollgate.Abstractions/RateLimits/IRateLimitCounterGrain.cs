namespace Tollgate.RateLimits;

/// <summary>
/// A tenant's cluster-wide rate-limit counts. Gateway nodes count locally and send what they counted since their
/// last call, batched, every sync interval; the answer is the global count of each key.
/// </summary>
[Alias("tollgate.IRateLimitCounterGrain")]
public interface IRateLimitCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds each delta to its window's count and answers the counts after, in the same order.</summary>
    [Alias("Add")] Task<long[]> Add(RateLimitDelta[] deltas);
}

/// <param name="Key">The plugin instance, identifier, period and window start, as the node names the counter.</param>
/// <param name="WindowEnd">When the window ends (Unix milliseconds); the grain forgets the count after.</param>
/// <param name="Count">Requests counted on the node since its last call (0 to only read).</param>
[GenerateSerializer, Immutable, Alias("tollgate.RateLimitDelta")]
public sealed record RateLimitDelta([property: Id(0)] string Key, [property: Id(1)] long WindowEnd, [property: Id(2)] long Count);
