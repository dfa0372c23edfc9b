namespace Tollgate.Identity;

/// <summary>
/// Someone who signs in: to the console (realm "platform") or to one tenant's developer portal (realm
/// "developers/{tenant}", unknown to every other tenant). Passwords are stored as ASP.NET Core Identity's salted
/// PBKDF2 hashes, never in clear.
/// </summary>
public sealed class PlatformUser
{
    public const string PlatformRealm = "platform";

    /// <summary>The realm of a tenant's developers.</summary>
    public static string DeveloperRealm(string tenant) => $"developers/{tenant}";

    /// <summary>The name to sign in with: the email for platform accounts, "{realm}|{email}" for the others.</summary>
    public static string UserNameIn(string realm, string email) => realm == PlatformRealm ? email : $"{realm}|{email}";

    /// <summary>The realm and email a user name stands for.</summary>
    public static (string Realm, string Email) SplitUserName(string userName) =>
        userName.IndexOf('|') is var bar and >= 0 ? (userName[..bar], userName[(bar + 1)..]) : (PlatformRealm, userName);

    public string UserName => UserNameIn(Realm, Email);

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
    /// <summary>A developer of a portal that approves sign-ups waits for the tenant's approval before using applications.</summary>
    public bool Approved { get; set; } = true;
}
