namespace Tollgate.AdminApi;

/// <summary>Who is calling the Admin API: the platform operator (bootstrap token) or one tenant's admin.</summary>
public sealed record AdminPrincipal(bool IsOperator, string? Tenant, string Caller)
{
    public static readonly AdminPrincipal Operator = new(true, null, "operator");

    public bool MayActOn(string tenant) => IsOperator || Tenant == tenant;
}
