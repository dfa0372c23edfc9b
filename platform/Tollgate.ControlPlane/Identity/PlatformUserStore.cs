using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>
/// ASP.NET Core Identity's user store on Tollgate's own database (SQLite or PostgreSQL, table portal_users), so
/// accounts live beside the rest of the platform's state and follow its migrations.
/// </summary>
public sealed class PlatformUserStore(Database database) :
    IUserPasswordStore<PlatformUser>,
    IUserEmailStore<PlatformUser>,
    IUserLockoutStore<PlatformUser>,
    IUserSecurityStampStore<PlatformUser>,
    IUserTwoFactorStore<PlatformUser>,
    IUserAuthenticatorKeyStore<PlatformUser>
{
    private const string Columns =
        "id, realm, email, normalized_email, email_confirmed, password_hash, security_stamp, lockout_end, lockout_enabled, " +
        "access_failed_count, two_factor_enabled, authenticator_key, created_at, approved";

    public async Task<IdentityResult> CreateAsync(PlatformUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var taken = await connection.Command("SELECT 1 FROM portal_users WHERE realm = @realm AND normalized_email = @email", null,
            ("@realm", user.Realm), ("@email", user.NormalizedEmail)).ExecuteScalarAsync(cancellationToken);
        if (taken is not null) return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Email));
        try
        {
            await connection.Command(
                $"INSERT INTO portal_users ({Columns}) VALUES (@id, @realm, @email, @normalized, @confirmed, @hash, @stamp, @lockout_end, " +
                "@lockout_enabled, @failures, @two_factor, @authenticator, @created, @approved)", null, Values(user)).ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Two sign-ups with one email at the same moment: the unique index let one in.
            if (await Exists(user, cancellationToken)) return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Email));
            throw;
        }
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(PlatformUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command(
            "UPDATE portal_users SET email = @email, normalized_email = @normalized, email_confirmed = @confirmed, password_hash = @hash, " +
            "security_stamp = @stamp, lockout_end = @lockout_end, lockout_enabled = @lockout_enabled, access_failed_count = @failures, " +
            "two_factor_enabled = @two_factor, authenticator_key = @authenticator, approved = @approved WHERE id = @id", null, Values(user)).ExecuteNonQueryAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(PlatformUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM portal_members WHERE user_id = @id", null, ("@id", user.Id)).ExecuteNonQueryAsync(cancellationToken);
        await connection.Command("DELETE FROM portal_users WHERE id = @id", null, ("@id", user.Id)).ExecuteNonQueryAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public Task<PlatformUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        FindOne("id = @value", userId, cancellationToken);

    public Task<PlatformUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        var (realm, email) = PlatformUser.SplitUserName(normalizedUserName);
        return FindOne("realm = @realm AND normalized_email = @value", email, cancellationToken, ("@realm", realm.ToLowerInvariant()));
    }

    public Task<PlatformUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        FindOne($"realm = '{PlatformUser.PlatformRealm}' AND normalized_email = @value", normalizedEmail, cancellationToken);

    private async Task<bool> Exists(PlatformUser user, CancellationToken cancellationToken) =>
        await FindOne("realm = @realm AND normalized_email = @value", user.NormalizedEmail, cancellationToken, ("@realm", user.Realm)) is not null;

    private async Task<PlatformUser?> FindOne(string where, string value, CancellationToken cancellationToken, params (string, object?)[] more)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.Command($"SELECT {Columns} FROM portal_users WHERE {where}", null,
            [("@value", value), .. more]).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new PlatformUser
        {
            Id = reader.GetString(0),
            Realm = reader.GetString(1),
            Email = reader.GetString(2),
            NormalizedEmail = reader.GetString(3),
            EmailConfirmed = reader.GetInt32(4) != 0,
            PasswordHash = reader.IsDBNull(5) ? null : reader.GetString(5),
            SecurityStamp = reader.GetString(6),
            LockoutEnd = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            LockoutEnabled = reader.GetInt32(8) != 0,
            AccessFailedCount = reader.GetInt32(9),
            TwoFactorEnabled = reader.GetInt32(10) != 0,
            AuthenticatorKey = reader.IsDBNull(11) ? null : reader.GetString(11),
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(12)),
            Approved = reader.GetInt32(13) != 0,
        };
    }

    private static (string, object?)[] Values(PlatformUser user) =>
    [
        ("@id", user.Id), ("@realm", user.Realm), ("@email", user.Email), ("@normalized", user.NormalizedEmail),
        ("@confirmed", user.EmailConfirmed ? 1 : 0), ("@hash", user.PasswordHash), ("@stamp", user.SecurityStamp),
        ("@lockout_end", user.LockoutEnd?.ToUnixTimeMilliseconds()), ("@lockout_enabled", user.LockoutEnabled ? 1 : 0),
        ("@failures", user.AccessFailedCount), ("@two_factor", user.TwoFactorEnabled ? 1 : 0), ("@authenticator", user.AuthenticatorKey),
        ("@created", user.CreatedAt.ToUnixTimeSeconds()), ("@approved", user.Approved ? 1 : 0),
    ];

    // The user name is the email for platform accounts and "{realm}|{email}" for others (a tenant's developers), so
    // sign-in by name finds the account in its realm, and one email may have an account in each realm.
    public Task<string> GetUserIdAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);
    public Task<string?> GetUserNameAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);
    public Task SetUserNameAsync(PlatformUser user, string? userName, CancellationToken cancellationToken) => Set(() =>
    {
        var (realm, email) = PlatformUser.SplitUserName(userName ?? "");
        (user.Realm, user.Email) = (realm, email);
    });
    public Task<string?> GetNormalizedUserNameAsync(PlatformUser user, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(user.Realm == PlatformUser.PlatformRealm ? user.NormalizedEmail : $"{user.Realm.ToUpperInvariant()}|{user.NormalizedEmail}");
    public Task SetNormalizedUserNameAsync(PlatformUser user, string? normalizedName, CancellationToken cancellationToken) =>
        Set(() => user.NormalizedEmail = PlatformUser.SplitUserName(normalizedName ?? "").Email);

    public Task SetPasswordHashAsync(PlatformUser user, string? passwordHash, CancellationToken cancellationToken) => Set(() => user.PasswordHash = passwordHash);
    public Task<string?> GetPasswordHashAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(PlatformUser user, string? email, CancellationToken cancellationToken) => Set(() => user.Email = email ?? "");
    public Task<string?> GetEmailAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task<bool> GetEmailConfirmedAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.EmailConfirmed);
    public Task SetEmailConfirmedAsync(PlatformUser user, bool confirmed, CancellationToken cancellationToken) => Set(() => user.EmailConfirmed = confirmed);
    public Task<string?> GetNormalizedEmailAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedEmailAsync(PlatformUser user, string? normalizedEmail, CancellationToken cancellationToken) => Set(() => user.NormalizedEmail = normalizedEmail ?? "");

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);
    public Task SetLockoutEndDateAsync(PlatformUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) => Set(() => user.LockoutEnd = lockoutEnd);
    public Task<int> IncrementAccessFailedCountAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);
    public Task ResetAccessFailedCountAsync(PlatformUser user, CancellationToken cancellationToken) => Set(() => user.AccessFailedCount = 0);
    public Task<int> GetAccessFailedCountAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);
    public Task<bool> GetLockoutEnabledAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);
    public Task SetLockoutEnabledAsync(PlatformUser user, bool enabled, CancellationToken cancellationToken) => Set(() => user.LockoutEnabled = enabled);

    public Task SetSecurityStampAsync(PlatformUser user, string stamp, CancellationToken cancellationToken) => Set(() => user.SecurityStamp = stamp);
    public Task<string?> GetSecurityStampAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task SetTwoFactorEnabledAsync(PlatformUser user, bool enabled, CancellationToken cancellationToken) => Set(() => user.TwoFactorEnabled = enabled);
    public Task<bool> GetTwoFactorEnabledAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);
    public Task SetAuthenticatorKeyAsync(PlatformUser user, string key, CancellationToken cancellationToken) => Set(() => user.AuthenticatorKey = key);
    public Task<string?> GetAuthenticatorKeyAsync(PlatformUser user, CancellationToken cancellationToken) => Task.FromResult(user.AuthenticatorKey);

    private static Task Set(Action change)
    {
        change();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
