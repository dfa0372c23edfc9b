using System.Security.Cryptography;
using System.Text;
using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>An invitation to join a tenant in a role, as stored (the token itself is only ever in the email).</summary>
public sealed record Invitation(string Tenant, string Email, TenantRole Role, string InvitedBy, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt);

/// <summary>Invitations by email (table portal_invitations): issued with a random token, accepted once, before they expire.</summary>
public sealed class Invitations(Database database, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Issues an invitation; answers the token to put in the link (shown nowhere else).</summary>
    public async Task<string> Issue(string tenant, string email, TenantRole role, string invitedBy)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync();
        await connection.Command(
            "INSERT INTO portal_invitations (token_hash, tenant, email, role, invited_by, created_at, expires_at) VALUES (@h, @t, @e, @r, @b, @c, @x)", null,
            ("@h", Hash(token)), ("@t", tenant), ("@e", email), ("@r", role.ToString().ToLowerInvariant()), ("@b", invitedBy),
            ("@c", now.ToUnixTimeSeconds()), ("@x", (now + Lifetime).ToUnixTimeSeconds())).ExecuteNonQueryAsync();
        return token;
    }

    /// <summary>The invitation a token stands for, or null when there is none.</summary>
    public async Task<Invitation?> Find(string token)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT tenant, email, role, invited_by, expires_at, accepted_at FROM portal_invitations WHERE token_hash = @h", null, ("@h", Hash(token))).ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new Invitation(reader.GetString(0), reader.GetString(1), Enum.Parse<TenantRole>(reader.GetString(2), ignoreCase: true), reader.GetString(3),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)), reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5)));
    }

    /// <summary>Marks the invitation used; false when it was already used or has expired (nothing changes then).</summary>
    public async Task<bool> Accept(string token)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await database.OpenAsync();
        var changed = await connection.Command(
            "UPDATE portal_invitations SET accepted_at = @n WHERE token_hash = @h AND accepted_at IS NULL AND expires_at > @n", null,
            ("@n", now), ("@h", Hash(token))).ExecuteNonQueryAsync();
        return changed == 1;
    }

    /// <summary>Invitations of a tenant not yet accepted nor expired.</summary>
    public async Task<IReadOnlyList<Invitation>> Pending(string tenant)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT tenant, email, role, invited_by, expires_at, accepted_at FROM portal_invitations WHERE tenant = @t AND accepted_at IS NULL AND expires_at > @n ORDER BY created_at", null,
            ("@t", tenant), ("@n", clock.GetUtcNow().ToUnixTimeSeconds())).ExecuteReaderAsync();
        var pending = new List<Invitation>();
        while (await reader.ReadAsync())
        {
            pending.Add(new Invitation(reader.GetString(0), reader.GetString(1), Enum.Parse<TenantRole>(reader.GetString(2), ignoreCase: true), reader.GetString(3),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)), null));
        }
        return pending;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
