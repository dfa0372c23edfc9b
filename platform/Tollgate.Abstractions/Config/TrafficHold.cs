namespace Tollgate.Config;

/// <summary>
/// Why a pool's gateways refuse a tenant's traffic, whatever its config says: its hard-capped monthly quota is used
/// up (the month, year × 12 + month − 1; 0 for none), or its account is suspended for an unpaid invoice.
/// </summary>
[GenerateSerializer, Immutable, Alias("tollgate.TrafficHold")]
public sealed record TrafficHold([property: Id(0)] long QuotaMonth, [property: Id(1)] bool Suspended)
{
    public static readonly TrafficHold None = new(0, false);

    public bool IsNone => QuotaMonth == 0 && !Suspended;
}
