using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Storage;

namespace Tollgate.Testing;

/// <summary>A fresh, migrated platform database of either kind, for store contracts that run on both.</summary>
public static class TestDatabases
{
    public static IEnumerable<object[]> Kinds() => [[StorageKind.Sqlite], [StorageKind.Postgres]];

    public static async Task<Database> Fresh(StorageKind kind)
    {
        var database = kind == StorageKind.Sqlite
            ? Database.Sqlite(Directory.CreateTempSubdirectory("tollgate-db-").FullName)
            : Database.Postgres(await TestPostgres.CreateDatabase());
        await Migrations.ApplyAsync(database, NullLogger.Instance);
        return database;
    }
}
