using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>
/// How a tenant's developer portal looks and whom it lets in: title, logo, colour, approval of new developers, and
/// whether applications may have OAuth 2.0 clients (client credentials) and with which scopes.
/// </summary>
public sealed record TenantPortal(string Tenant, string? Title, string? LogoUrl, string? PrimaryColor, bool ApproveDevelopers)
{
    public bool OAuthEnabled { get; init; }
    public IReadOnlyList<string> OAuthScopes { get; init; } = [];

    public static TenantPortal Default(string tenant) => new(tenant, null, null, null, false);
}

/// <summary>A developer of a tenant's portal, as the tenant's team sees it to approve.</summary>
public sealed record PortalDeveloper(string Id, string Email, DateTimeOffset SignedUp, bool Approved);

/// <summary>Each tenant's developer portal settings (table portal_settings) and its developers' approval.</summary>
public sealed class TenantPortals(Database database)
{
    public async Task<TenantPortal> Get(string tenant)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT title, logo_url, primary_color, approve_developers, oauth_enabled, oauth_scopes FROM portal_settings WHERE tenant = @t", null,
            ("@t", tenant)).ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return TenantPortal.Default(tenant);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new TenantPortal(tenant, Text(0), Text(1), Text(2), reader.GetInt32(3) != 0)
        {
            OAuthEnabled = reader.GetInt32(4) != 0,
            OAuthScopes = (Text(5) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    public async Task Save(TenantPortal portal)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command(
            "INSERT INTO portal_settings (tenant, title, logo_url, primary_color, approve_developers, oauth_enabled, oauth_scopes) " +
            "VALUES (@t, @title, @logo, @color, @approve, @oauth, @scopes) " +
            "ON CONFLICT (tenant) DO UPDATE SET title = excluded.title, logo_url = excluded.logo_url, primary_color = excluded.primary_color, " +
            "approve_developers = excluded.approve_developers, oauth_enabled = excluded.oauth_enabled, oauth_scopes = excluded.oauth_scopes", null,
            ("@t", portal.Tenant), ("@title", portal.Title), ("@logo", portal.LogoUrl), ("@color", portal.PrimaryColor),
            ("@approve", portal.ApproveDevelopers ? 1 : 0), ("@oauth", portal.OAuthEnabled ? 1 : 0),
            ("@scopes", string.Join(' ', portal.OAuthScopes))).ExecuteNonQueryAsync();
    }

    /// <summary>The tenant's developers, those waiting for approval first, newest first.</summary>
    public async Task<IReadOnlyList<PortalDeveloper>> Developers(string tenant, int limit = 200)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT id, email, created_at, approved FROM portal_users WHERE realm = @realm ORDER BY approved, created_at DESC LIMIT @limit", null,
            ("@realm", PlatformUser.DeveloperRealm(tenant)), ("@limit", limit)).ExecuteReaderAsync();
        var developers = new List<PortalDeveloper>();
        while (await reader.ReadAsync())
        {
            developers.Add(new PortalDeveloper(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)), reader.GetInt32(3) != 0));
        }
        return developers;
    }

    /// <summary>Approves a developer of this tenant's portal; false when the tenant has no such developer.</summary>
    public async Task<bool> Approve(string tenant, string developerId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.Command("UPDATE portal_users SET approved = 1 WHERE id = @id AND realm = @realm", null,
            ("@id", developerId), ("@realm", PlatformUser.DeveloperRealm(tenant))).ExecuteNonQueryAsync() == 1;
    }
}
