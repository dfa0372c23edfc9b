using Tollgate.Config;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Sync;

/// <summary>The last config a node applied for a tenant: the entities as received, so deltas can be applied to them.</summary>
public sealed record TenantConfigState(TenantRecord Tenant, long Version, IReadOnlyList<EntityDocument> Entities)
{
    public static TenantConfigState From(ConfigSnapshot snapshot) => new(snapshot.Tenant, snapshot.Version, snapshot.Entities);

    /// <summary>This config with a delta's changes applied.</summary>
    public TenantConfigState Apply(ConfigDelta delta)
    {
        var entities = Entities.ToDictionary(e => (e.Collection, e.Id));
        foreach (var change in delta.Changes)
        {
            if (change.Json is null) entities.Remove((change.Collection, change.Id));
            else entities[(change.Collection, change.Id)] = new EntityDocument(change.Collection, change.Id, change.Json);
        }
        return new TenantConfigState(delta.Tenant, delta.ToVersion, entities.Values.ToList());
    }
}
