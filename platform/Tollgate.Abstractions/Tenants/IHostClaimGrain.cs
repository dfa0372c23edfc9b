namespace Tollgate.Tenants;

/// <summary>A host name (exact or wildcard) claimed by at most one tenant across the platform.</summary>
[Alias("tollgate.IHostClaimGrain")]
public interface IHostClaimGrain : IGrainWithStringKey
{
    /// <summary>Claims the host for the tenant; false when another tenant holds it.</summary>
    [Alias("Claim")] Task<bool> Claim(string tenant);
    [Alias("Release")] Task Release(string tenant);
    [Alias("GetOwner")] Task<string?> GetOwner();
}
