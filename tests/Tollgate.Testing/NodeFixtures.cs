namespace Tollgate.Testing;

/// <summary>One node on the embedded SQLite store, shared by a test class.</summary>
public sealed class SqliteNodeFixture : IAsyncLifetime
{
    public TollgateNode Node { get; private set; } = null!;
    public async Task InitializeAsync() => Node = await TollgateNode.Start(NodeSettings.Sqlite());
    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>One node on a fresh PostgreSQL database, shared by a test class.</summary>
public sealed class PostgresNodeFixture : IAsyncLifetime
{
    public TollgateNode Node { get; private set; } = null!;
    public async Task InitializeAsync() => Node = await TollgateNode.Start(await NodeSettings.Postgres());
    public async Task DisposeAsync() => await Node.DisposeAsync();
}
