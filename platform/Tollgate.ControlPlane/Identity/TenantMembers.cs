using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>A member's role in a tenant: owners and admins change things, viewers only look.</summary>
public enum TenantRole
{
    Viewer,
    Admin,
    Owner,
}

/// <summary>Who belongs to which tenant and in what role (table portal_members).</summary>
public sealed class TenantMembers(Database database)
{
    public async Task Add(string tenant, string userId, TenantRole role)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command("INSERT INTO portal_members (tenant, user_id, role, created_at) VALUES (@t, @u, @r, @c)", null,
            ("@t", tenant), ("@u", userId), ("@r", role.ToString().ToLowerInvariant()), ("@c", DateTimeOffset.UtcNow.ToUnixTimeSeconds())).ExecuteNonQueryAsync();
    }

    /// <summary>The user's role in the tenant, or null when they are not a member.</summary>
    public async Task<TenantRole?> RoleOf(string tenant, string userId)
    {
        await using var connection = await database.OpenAsync();
        var role = await connection.Command("SELECT role FROM portal_members WHERE tenant = @t AND user_id = @u", null, ("@t", tenant), ("@u", userId)).ExecuteScalarAsync();
        return role is string name ? Enum.Parse<TenantRole>(name, ignoreCase: true) : null;
    }

    /// <summary>The tenants the user belongs to, by slug.</summary>
    public async Task<IReadOnlyList<(string Tenant, TenantRole Role)>> TenantsOf(string userId)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command("SELECT tenant, role FROM portal_members WHERE user_id = @u ORDER BY tenant", null, ("@u", userId)).ExecuteReaderAsync();
        var tenants = new List<(string, TenantRole)>();
        while (await reader.ReadAsync()) tenants.Add((reader.GetString(0), Enum.Parse<TenantRole>(reader.GetString(1), ignoreCase: true)));
        return tenants;
    }

    /// <summary>The tenant's members with their emails, owners first.</summary>
    public async Task<IReadOnlyList<(string UserId, string Email, TenantRole Role)>> Of(string tenant)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT m.user_id, u.email, m.role FROM portal_members m JOIN portal_users u ON u.id = m.user_id WHERE m.tenant = @t ORDER BY u.email", null,
            ("@t", tenant)).ExecuteReaderAsync();
        var members = new List<(string, string, TenantRole)>();
        while (await reader.ReadAsync()) members.Add((reader.GetString(0), reader.GetString(1), Enum.Parse<TenantRole>(reader.GetString(2), ignoreCase: true)));
        return [.. members.OrderByDescending(m => m.Item3)];
    }

    /// <summary>Changes a member's role; an existing membership is kept as it is when the user joins again.</summary>
    public async Task Set(string tenant, string userId, TenantRole role)
    {
        await using var connection = await database.OpenAsync();
        var changed = await connection.Command("UPDATE portal_members SET role = @r WHERE tenant = @t AND user_id = @u", null,
            ("@r", role.ToString().ToLowerInvariant()), ("@t", tenant), ("@u", userId)).ExecuteNonQueryAsync();
        if (changed == 0) await Add(tenant, userId, role);
    }

    public async Task Remove(string tenant, string userId)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command("DELETE FROM portal_members WHERE tenant = @t AND user_id = @u", null, ("@t", tenant), ("@u", userId)).ExecuteNonQueryAsync();
    }
}
