using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>A service a tenant shows in its developer portal: its title, description and OpenAPI document.</summary>
public sealed record ApiProduct(string Tenant, string Service, string Title, string Description, string? OpenApi, DateTimeOffset PublishedAt);

/// <summary>The API products each tenant publishes in its developer portal (table portal_products).</summary>
public sealed class PortalCatalog(Database database)
{
    public async Task Publish(ApiProduct product)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command(
            "INSERT INTO portal_products (tenant, service, title, description, openapi, published_at) VALUES (@t, @s, @title, @d, @o, @p) " +
            "ON CONFLICT (tenant, service) DO UPDATE SET title = excluded.title, description = excluded.description, openapi = excluded.openapi", null,
            ("@t", product.Tenant), ("@s", product.Service), ("@title", product.Title), ("@d", product.Description), ("@o", product.OpenApi),
            ("@p", product.PublishedAt.ToUnixTimeSeconds())).ExecuteNonQueryAsync();
    }

    public async Task Unpublish(string tenant, string service)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command("DELETE FROM portal_products WHERE tenant = @t AND service = @s", null, ("@t", tenant), ("@s", service)).ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<ApiProduct>> Products(string tenant)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT tenant, service, title, description, openapi, published_at FROM portal_products WHERE tenant = @t ORDER BY title", null, ("@t", tenant)).ExecuteReaderAsync();
        var products = new List<ApiProduct>();
        while (await reader.ReadAsync())
        {
            products.Add(new ApiProduct(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5))));
        }
        return products;
    }
}
