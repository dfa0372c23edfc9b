using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Storage;

namespace Tollgate.ControlPlane.Storage;

/// <summary>
/// Silos run the migrations at start. Several of them starting together against one fresh PostgreSQL (a rollout,
/// a compose up) must leave one schema with each step applied exactly once.
/// </summary>
public class MigrationsTests
{
    [Fact]
    public async Task Several_silos_migrating_one_fresh_database_at_once_apply_each_step_exactly_once()
    {
        var database = Database.Postgres(await TestPostgres.CreateDatabase());
        // Each start is its own connection, as each silo process would open.
        var starts = Enumerable.Range(0, 6).Select(_ => Task.Run(() => Migrations.ApplyAsync(database, NullLogger.Instance)));
        await Task.WhenAll(starts);

        await using var connection = await database.OpenAsync();
        var versions = new List<int>();
        await using (var reader = await connection.Command("SELECT version FROM schema_migrations ORDER BY version").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        }
        Assert.Equal(Enumerable.Range(1, Migrations.Latest(database)), versions);
        // The last step's columns are there: the schema is whole, not only its bookkeeping.
        Assert.Equal(0L, await connection.Command("SELECT COUNT(oauth_enabled) FROM portal_settings").ExecuteScalarAsync());

        // A silo started later finds nothing to do.
        await Migrations.ApplyAsync(database, NullLogger.Instance);
        Assert.Equal((long)Migrations.Latest(database), await connection.Command("SELECT COUNT(*) FROM schema_migrations").ExecuteScalarAsync());
    }
}
