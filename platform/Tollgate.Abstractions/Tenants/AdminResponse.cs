namespace Tollgate.Tenants;

/// <summary>A Kong Admin API answer: the HTTP status and the JSON body (null for 204).</summary>
[GenerateSerializer, Immutable, Alias("tollgate.AdminResponse")]
public sealed record AdminResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
