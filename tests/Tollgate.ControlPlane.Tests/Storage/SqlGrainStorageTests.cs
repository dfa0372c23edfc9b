using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using Tollgate.Storage;
using Tollgate.Tenants;

namespace Tollgate.Storage;

/// <summary>The grain storage on both databases: round trips, and a stale ETag never overwrites newer state.</summary>
public class SqlGrainStorageTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public static IEnumerable<object[]> Backends() => TestDatabases.Kinds();

    private static async Task<SqlGrainStorage> Storage(StorageKind kind)
    {
        var database = await TestDatabases.Fresh(kind);
        // Migrating again finds every step applied and changes nothing.
        await Migrations.ApplyAsync(database, NullLogger.Instance);
        return new SqlGrainStorage(database, Serializer, TimeProvider.System);
    }

    private static GrainState<TenantDirectoryGrain.Slugs> State(params string[] slugs) =>
        new(new TenantDirectoryGrain.Slugs { Sorted = slugs.ToList() });

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Written_state_reads_back_with_its_etag(StorageKind kind)
    {
        var storage = await Storage(kind);
        var id = GrainId.Create("test", "round-trip");
        var written = State("acme", "globex");
        await storage.WriteStateAsync("s", id, written);

        var read = new GrainState<TenantDirectoryGrain.Slugs>();
        await storage.ReadStateAsync("s", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(["acme", "globex"], read.State!.Sorted);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_write_with_a_stale_etag_fails_and_keeps_the_newer_state(StorageKind kind)
    {
        var storage = await Storage(kind);
        var id = GrainId.Create("test", "stale");
        await storage.WriteStateAsync("s", id, State("v1"));

        var first = new GrainState<TenantDirectoryGrain.Slugs>();
        var second = new GrainState<TenantDirectoryGrain.Slugs>();
        await storage.ReadStateAsync("s", id, first);
        await storage.ReadStateAsync("s", id, second);

        first.State!.Sorted = ["newer"];
        await storage.WriteStateAsync("s", id, first);
        second.State!.Sorted = ["stale"];
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", id, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", id, second));

        var stored = new GrainState<TenantDirectoryGrain.Slugs>();
        await storage.ReadStateAsync("s", id, stored);
        Assert.Equal(["newer"], stored.State!.Sorted);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Two_first_writes_of_one_grain_cannot_both_win(StorageKind kind)
    {
        var storage = await Storage(kind);
        var id = GrainId.Create("test", "first-write");
        await storage.WriteStateAsync("s", id, State("winner"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", id, State("loser")));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Cleared_state_reads_as_absent(StorageKind kind)
    {
        var storage = await Storage(kind);
        var id = GrainId.Create("test", "cleared");
        var state = State("gone");
        await storage.WriteStateAsync("s", id, state);
        await storage.ClearStateAsync("s", id, state);
        var read = new GrainState<TenantDirectoryGrain.Slugs>();
        await storage.ReadStateAsync("s", id, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Empty(read.State!.Sorted);
    }
}
