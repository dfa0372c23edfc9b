using Tollgate.AdminApi;
using Tollgate.Secrets;

namespace Tollgate.Tenants;

/// <summary>
/// Issues and revokes a tenant's Admin API tokens: the token is shown once and only its keyed hash is kept, both in
/// the tenant and in the token's own grain that the Admin API asks on each call. The Admin API and the console share it.
/// </summary>
public sealed class AdminTokens(IGrainFactory grains, PlatformSecrets secrets, TimeProvider clock)
{
    /// <summary>A new token: the text to show once, and what is kept of it.</summary>
    public async Task<(string Token, AdminTokenInfo Info)> New(string name)
    {
        var token = SecretHasher.NewSecret("tgt_");
        return (token, new AdminTokenInfo(Guid.NewGuid(), name, (await secrets.Hasher()).KeyHash(token), clock.GetUtcNow().ToUnixTimeSeconds()));
    }

    /// <summary>Adds a new token to the tenant; null when the tenant does not exist.</summary>
    public async Task<(string Token, AdminTokenInfo Info)?> Issue(ITenantGrain tenant, string name)
    {
        var (token, info) = await New(name);
        if (!await tenant.AddAdminToken(info)) return null;
        await grains.GetGrain<IAdminTokenGrain>(info.Hash).Assign(tenant.GetPrimaryKeyString());
        return (token, info);
    }

    /// <summary>Revokes the token at once; null when the tenant has no such token.</summary>
    public async Task<AdminTokenInfo?> Revoke(ITenantGrain tenant, Guid id)
    {
        if (await tenant.RemoveAdminToken(id) is not { } removed) return null;
        await grains.GetGrain<IAdminTokenGrain>(removed.Hash).Revoke();
        return removed;
    }
}
