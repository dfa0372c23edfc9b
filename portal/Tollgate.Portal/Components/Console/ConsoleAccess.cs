using System.Security.Claims;
using Tollgate.Identity;

namespace Tollgate.Portal.Components.Console;

/// <summary>Who the signed-in person is in a tenant: every console page asks before it shows or changes anything.</summary>
public sealed class ConsoleAccess(TenantMembers members)
{
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The user's role in the tenant, or null: not signed in, or not a member.</summary>
    public async Task<TenantRole?> RoleIn(ClaimsPrincipal user, string tenant) =>
        UserId(user) is { } id ? await members.RoleOf(tenant, id) : null;

    public static bool CanChange(TenantRole? role) => role is TenantRole.Owner or TenantRole.Admin;
}
