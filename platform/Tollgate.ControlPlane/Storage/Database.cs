using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tollgate.Storage;

/// <summary>Which database holds the platform's state.</summary>
public enum StorageKind
{
    /// <summary>The embedded default: one SQLite file in the data folder, one silo.</summary>
    Sqlite,
    /// <summary>Cluster mode: PostgreSQL shared by every silo.</summary>
    Postgres,
}

/// <summary>The platform database: opens connections and knows the one place where the two dialects differ.</summary>
public sealed class Database(StorageKind kind, string connectionString)
{
    public StorageKind Kind => kind;

    /// <summary>The column type for serialized state.</summary>
    public string BinaryType => kind == StorageKind.Postgres ? "bytea" : "blob";

    public static Database Sqlite(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "tollgate.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new Database(StorageKind.Sqlite, builder.ToString());
    }

    public static Database Postgres(string connectionString) => new(StorageKind.Postgres, connectionString);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = kind == StorageKind.Postgres
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

/// <summary>Small helpers for parameterised commands on any ADO.NET connection.</summary>
public static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
