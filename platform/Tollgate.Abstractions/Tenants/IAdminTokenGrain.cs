namespace Tollgate.Tenants;

/// <summary>An admin token, keyed by its keyed hash: says which tenant it acts for.</summary>
[Alias("tollgate.IAdminTokenGrain")]
public interface IAdminTokenGrain : IGrainWithStringKey
{
    [Alias("Assign")] Task Assign(string tenant);
    [Alias("GetTenant")] Task<string?> GetTenant();
    [Alias("Revoke")] Task Revoke();
}
