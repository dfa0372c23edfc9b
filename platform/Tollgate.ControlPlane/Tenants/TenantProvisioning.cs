using Microsoft.Extensions.Logging;
using Tollgate.Billing;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// Creates tenants: checks the fields, claims the slug, creates the tenant with its first admin token and opens its
/// billing account. The Admin API's POST /tenants and the console's sign-up both go through here.
/// </summary>
public sealed class TenantProvisioning(IGrainFactory grains, AdminTokens tokens, PlanCatalog plans, ILogger<TenantProvisioning> logger)
{
    /// <summary>A new tenant and its first admin token (shown once).</summary>
    public sealed record Created(TenantRecord Tenant, string AdminToken);

    /// <summary>Adds what is wrong with these fields (null ones are not checked) to the errors.</summary>
    public void Check(string? slug, string? name, string? plan, string? pool, FieldErrors errors)
    {
        if (slug is not null && TenantSlug.Problem(slug) is { } slugProblem) errors.Add("slug", slugProblem);
        if (name is not null && name.Trim().Length is 0 or > 200) errors.Add("name", "length must be between 1 and 200");
        if (plan is not null && !plans.Contains(plan)) errors.Add("plan", $"expected one of: {string.Join(", ", plans.All.Select(p => p.Name).Order())}");
        if (pool is not null && !TenantSlug.IsDnsLabel(pool)) errors.Add("pool", "must be a DNS label of at most 63 characters");
    }

    /// <summary>Whether a slug is free to take now (it may still be taken before it is claimed).</summary>
    public async Task<bool> IsFree(string slug) => await grains.GetGrain<ITenantGrain>(slug).GetRecord() is null;

    /// <summary>Creates a tenant from checked fields; null when the slug is taken.</summary>
    public async Task<Created?> Create(string slug, string name, string plan, string pool, string via)
    {
        var directory = grains.GetGrain<ITenantDirectoryGrain>(0);
        if (!await directory.Claim(slug)) return null;
        var (token, tokenInfo) = await tokens.New("initial");
        TenantRecord? tenant;
        try
        {
            tenant = await grains.GetGrain<ITenantGrain>(slug).Create(name, plan, pool, tokenInfo);
        }
        catch
        {
            await directory.Release(slug);
            throw;
        }
        if (tenant is null) return null;
        await grains.GetGrain<IAdminTokenGrain>(tokenInfo.Hash).Assign(slug);
        await grains.GetGrain<IBillingGrain>(slug).Open(tenant);
        logger.LogInformation("Tenant {Tenant} created through {Via}", slug, via);
        return new Created(tenant, token);
    }
}
