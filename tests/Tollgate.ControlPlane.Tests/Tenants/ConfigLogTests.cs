using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.Tenants;

public class ConfigLogTests
{
    private static TenantState NewTenant() => new()
    {
        Tenant = new TenantRecord(Guid.NewGuid(), "acme", "Acme", "free", "shared", 1, 1),
        ConfigVersion = 1,
        ChangesSince = 1,
    };

    private static EntityChange Write(string collection, string json)
    {
        var entity = JsonNode.Parse(json)!.AsObject();
        return new EntityChange(collection, EntityStore.IdOf(entity), null, entity);
    }

    private static readonly string ServiceId = "11111111-1111-1111-1111-111111111111";
    private static readonly string KeyId = "22222222-2222-2222-2222-222222222222";

    [Fact]
    public void Every_commit_bumps_the_version_by_one()
    {
        var state = NewTenant();
        Assert.Equal(2, ConfigLog.Record(state, [Write("services", $$"""{"id":"{{ServiceId}}"}""")]));
        Assert.Equal(3, ConfigLog.Record(state, [Write("services", $$"""{"id":"{{ServiceId}}","name":"x"}""")]));
    }

    [Fact]
    public void Snapshot_holds_gateway_entities_but_not_credentials()
    {
        var state = NewTenant();
        ConfigLog.Record(state, [Write("services", $$"""{"id":"{{ServiceId}}"}"""), Write("keyauth_credentials", $$"""{"id":"{{KeyId}}"}""")]);
        var snapshot = ConfigLog.Snapshot(state, EntityCatalog.Kong);
        Assert.Equal(2, snapshot.Version);
        Assert.Single(snapshot.Entities);
        Assert.Equal("services", snapshot.Entities[0].Collection);
    }

    [Fact]
    public void Delta_lists_changes_after_the_version_in_order_including_deletes()
    {
        var state = NewTenant();
        ConfigLog.Record(state, [Write("services", $$"""{"id":"{{ServiceId}}"}""")]);
        ConfigLog.Record(state, [new EntityChange("services", Guid.Parse(ServiceId), new JsonObject(), null)]);
        var delta = ConfigLog.Delta(state, EntityCatalog.Kong, 1);
        Assert.False(delta.SnapshotRequired);
        Assert.Equal(3, delta.ToVersion);
        Assert.Equal([2L, 3L], delta.Changes.Select(c => c.Version));
        Assert.Null(delta.Changes[1].Json);
        Assert.Empty(ConfigLog.Delta(state, EntityCatalog.Kong, 3).Changes);
    }

    [Fact]
    public void Delta_carries_credential_changes_only_as_notices_without_json()
    {
        var state = NewTenant();
        ConfigLog.Record(state, [Write("services", $$"""{"id":"{{ServiceId}}"}"""), Write("keyauth_credentials", $$"""{"id":"{{KeyId}}","key_hash":"h"}""")]);
        var changes = ConfigLog.Delta(state, EntityCatalog.Kong, 1).Changes;
        Assert.NotNull(changes.Single(c => c.Collection == "services").Json);
        Assert.Null(changes.Single(c => c.Collection == "keyauth_credentials").Json);
    }

    [Fact]
    public void Delta_asks_for_snapshot_once_the_log_no_longer_reaches_back()
    {
        var state = NewTenant();
        for (var i = 0; i < 5; i++)
        {
            ConfigLog.Record(state, [Write("services", $$"""{"id":"{{ServiceId}}","n":{{i}}}"""), Write("services", $$"""{"id":"{{KeyId}}","n":{{i}}}""")], maxLogged: 4);
        }
        Assert.Equal(6, state.ConfigVersion);
        Assert.True(ConfigLog.Delta(state, EntityCatalog.Kong, 1).SnapshotRequired);
        var recent = ConfigLog.Delta(state, EntityCatalog.Kong, 4);
        Assert.False(recent.SnapshotRequired);
        Assert.Equal([5L, 5L, 6L, 6L], recent.Changes.Select(c => c.Version));
    }

    [Fact]
    public void Delta_from_a_future_version_asks_for_snapshot()
    {
        var state = NewTenant();
        Assert.True(ConfigLog.Delta(state, EntityCatalog.Kong, 99).SnapshotRequired);
    }
}
