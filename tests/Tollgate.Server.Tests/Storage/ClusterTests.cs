using Npgsql;
using Tollgate.Storage;
using Tollgate.Tenants;

namespace Tollgate.Server.Storage;

/// <summary>Several silos on one PostgreSQL form one Orleans cluster and serve one consistent state.</summary>
public class ClusterTests
{
    [Fact]
    public async Task Two_silos_on_one_postgres_form_a_cluster_and_see_each_others_writes()
    {
        var first = await NodeSettings.Postgres();
        var second = first.SecondSilo();
        // Both start together: the schema migration must be applied once, under its lock.
        var starting = new[] { TollgateNode.Start(first), TollgateNode.Start(second) };
        await using var a = await starting[0];
        await using var b = await starting[1];

        var slug = AdminHttp.NewSlug();
        var token = await a.CreateTenant(slug);
        var viaA = a.AdminAs(token);
        var viaB = b.AdminAs(token);
        Assert.Equal(201, (await viaA.Post($"/{slug}/services", """{"name":"from-a","host":"a.internal"}""")).Code);
        Assert.Equal(200, (await viaB.Get($"/{slug}/services/from-a")).Code);
        Assert.Equal(201, (await viaB.Post($"/{slug}/services", """{"name":"from-b","host":"b.internal"}""")).Code);
        Assert.Equal(2, (await viaA.Get($"/{slug}/services")).Json["data"]!.AsArray().Count);

        // Concurrent writes through both silos reach the tenant's single activation; none is lost.
        var writes = Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? viaA : viaB).Post($"/{slug}/consumers", $$"""{"username":"user-{{i}}"}"""));
        Assert.All(await Task.WhenAll(writes), r => Assert.Equal(201, r.Code));
        Assert.Equal(20, (await viaB.Get($"/{slug}/consumers")).Json["data"]!.AsArray().Count);
        Assert.Equal((await a.Grains.GetGrain<ITenantGrain>(slug).GetSnapshot()).Version,
            (await b.Grains.GetGrain<ITenantGrain>(slug).GetSnapshot()).Version);

        await using var connection = new NpgsqlConnection(first.PostgresConnection);
        await connection.OpenAsync();
        await using var active = new NpgsqlCommand("SELECT count(*) FROM membership WHERE cluster_id = @c AND status = 3", connection);
        active.Parameters.AddWithValue("c", first.ClusterId);
        Assert.Equal(2L, (long)(await active.ExecuteScalarAsync())!);
        await using var migrations = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        // Both silos migrated the one database together: each step applied once.
        Assert.Equal((long)Migrations.Latest(Database.Postgres(first.PostgresConnection!)), (long)(await migrations.ExecuteScalarAsync())!);
    }
}
