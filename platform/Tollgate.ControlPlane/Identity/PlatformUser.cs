namespace Tollgate.Identity;

/// <summary>
/// Someone who signs in to the console (realm "platform"). The email is the user name. Passwords are stored as
/// ASP.NET Core Identity's salted PBKDF2 hashes, never in clear.
/// </summary>
public sealed class PlatformUser
{
    public const string PlatformRealm = "platform";

    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string Realm { get; set; } = PlatformRealm;
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public bool EmailConfirmed { get; set; }
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public DateTimeOffset? LockoutEnd { get; set; }
    public bool LockoutEnabled { get; set; } = true;
    public int AccessFailedCount { get; set; }
    public bool TwoFactorEnabled { get; set; }
    public string? AuthenticatorKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
