using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Tollgate.Identity;

namespace Tollgate.Portal.Components.Developer;

/// <summary>Whether the signed-in person is a developer of this tenant's portal (their account lives in its realm).</summary>
public sealed class DeveloperAccess(UserManager<PlatformUser> users)
{
    /// <summary>The developer, or null: not signed in, or an account of another realm (the console, another tenant).</summary>
    public async Task<PlatformUser?> DeveloperOf(ClaimsPrincipal principal, string tenant) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && await users.FindByIdAsync(id) is { } user
        && user.Realm == PlatformUser.DeveloperRealm(tenant)
            ? user
            : null;

    /// <summary>The tag that marks a developer's applications (consumers) in the tenant.</summary>
    public static string Tag(PlatformUser developer) => $"developer-{developer.Id}";
}
