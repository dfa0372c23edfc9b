using Npgsql;

namespace Tollgate.Testing;

/// <summary>
/// The throwaway PostgreSQL that ./build.sh test starts (TOLLGATE_TEST_POSTGRES); each caller gets a fresh database in it.
/// </summary>
public static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TOLLGATE_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "TOLLGATE_TEST_POSTGRES is not set: run the tests through ./build.sh test, which starts a throwaway PostgreSQL.");

    public static async Task<string> CreateDatabase()
    {
        var name = "tollgate_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ToString();
    }
}
