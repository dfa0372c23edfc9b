using MudBlazor;
using System.Security.Claims;
using Tollgate.Identity;
using Tollgate.Tenants;

namespace Tollgate.Portal.Components.Console;

/// <summary>Who the signed-in person is in a tenant: every console page asks before it shows or changes anything.</summary>
public sealed class ConsoleAccess(TenantMembers members, IGrainFactory grains)
{
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The user's role in the tenant, or null: not signed in, or not a member.</summary>
    public async Task<TenantRole?> RoleIn(ClaimsPrincipal user, string tenant) =>
        UserId(user) is { } id ? await members.RoleOf(tenant, id) : null;

    public static bool CanChange(TenantRole? role) => role is TenantRole.Owner or TenantRole.Admin;

    /// <summary>Asks for the role again right before a change: it may have been taken away since the page opened.</summary>
    public async Task<bool> MayChange(ClaimsPrincipal user, string tenant) => CanChange(await RoleIn(user, tenant));

    /// <summary>As <see cref="MayChange"/>, and tells a person who may not why nothing happened.</summary>
    public async Task<bool> MayChange(ClaimsPrincipal user, string tenant, ISnackbar snackbar)
    {
        if (await MayChange(user, tenant)) return true;
        snackbar.Add("You have read-only access to this organisation.", Severity.Error);
        return false;
    }

    /// <summary>Who the audit log names for a change made in the console.</summary>
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? UserId(user) ?? "unknown";

    /// <summary>
    /// The tenant's grain, with the user named as the caller for the audit log. Called right before the grain call:
    /// the name travels in Orleans' request context, which an awaited helper could not set for its caller.
    /// </summary>
    public ITenantGrain Grain(ClaimsPrincipal user, string tenant)
    {
        AuditLog.Set(Actor(user), "console");
        return grains.GetGrain<ITenantGrain>(tenant);
    }
}
