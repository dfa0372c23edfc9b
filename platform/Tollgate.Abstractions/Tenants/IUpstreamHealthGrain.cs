namespace Tollgate.Tenants;

/// <summary>One target's health as one gateway node sees it.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.TargetHealth")]
public sealed record TargetHealth([property: Id(0)] Guid Upstream, [property: Id(1)] string Target, [property: Id(2)] bool Healthy);

/// <summary>A target's health across the gateway nodes that reported it recently.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.TargetHealthSummary")]
public sealed record TargetHealthSummary(
    [property: Id(0)] Guid Upstream, [property: Id(1)] string Target, [property: Id(2)] int HealthyNodes, [property: Id(3)] int UnhealthyNodes)
{
    /// <summary>Kong's word for it: HEALTHY when every reporting node sends it traffic, UNHEALTHY when none does, else MIXED (some nodes have taken it out of rotation).</summary>
    public string Health => UnhealthyNodes == 0 ? "HEALTHY" : HealthyNodes == 0 ? "UNHEALTHY" : "MIXED";
}

/// <summary>
/// A tenant's upstream target health as its gateway nodes report it every few seconds (in memory: health is current
/// state, rebuilt from the next reports after a restart). Kong answers GET /upstreams/{u}/health from it.
/// </summary>
[Alias("tollgate.IUpstreamHealthGrain")]
public interface IUpstreamHealthGrain : IGrainWithStringKey
{
    /// <summary>The node's whole view of the tenant's checked targets; an empty list withdraws it.</summary>
    [Alias("Report")] Task Report(string node, IReadOnlyList<TargetHealth> targets);

    [Alias("Summary")] Task<IReadOnlyList<TargetHealthSummary>> Summary();
}
