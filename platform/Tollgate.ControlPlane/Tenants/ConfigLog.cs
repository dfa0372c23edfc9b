using Tollgate.Config;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// The versioned side of a tenant's state: records committed changes as a new config version, and builds the
/// snapshot and the delta that gateway nodes read.
/// </summary>
internal static class ConfigLog
{
    /// <summary>How many entity changes the log keeps; a node further behind reads a snapshot.</summary>
    public const int MaxLoggedChanges = 5000;

    /// <summary>Applies the changes to the stored entities as one new version; answers that version.</summary>
    public static long Record(TenantState state, IReadOnlyList<EntityChange> changes, int maxLogged = MaxLoggedChanges)
    {
        var version = ++state.ConfigVersion;
        foreach (var change in changes)
        {
            if (!state.Entities.TryGetValue(change.Collection, out var entities))
            {
                state.Entities[change.Collection] = entities = new();
            }
            var json = change.After?.ToJsonString(KongJson.Options);
            if (json is null) entities.Remove(change.Id);
            else entities[change.Id] = json;
            state.Changes.Add(new ConfigChange(version, change.Collection, change.Id, json));
        }
        while (state.Changes.Count > maxLogged)
        {
            // Whole versions leave the log, so a delta never holds half of one.
            var oldest = state.Changes[0].Version;
            state.Changes.RemoveAll(c => c.Version == oldest);
            state.ChangesSince = oldest;
        }
        return version;
    }

    public static ConfigSnapshot Snapshot(TenantState state, EntityCatalog catalog)
    {
        var entities = catalog.Schemas
            .Where(s => s.InSnapshot)
            .SelectMany(s => state.Entities.GetValueOrDefault(s.Name)?.Select(e => new EntityDocument(s.Name, e.Key, e.Value)) ?? [])
            .ToList();
        return new ConfigSnapshot(state.Tenant!, state.ConfigVersion, entities);
    }

    /// <summary>
    /// The changes after a version, or a delta that asks for the snapshot when the log no longer reaches back that
    /// far. Changes to what snapshots leave out (credentials) come without their JSON: they only tell a node to
    /// forget what it cached of that entity.
    /// </summary>
    public static ConfigDelta Delta(TenantState state, EntityCatalog catalog, long sinceVersion)
    {
        var version = state.ConfigVersion;
        var covered = sinceVersion >= state.ChangesSince && sinceVersion <= version;
        var changes = covered
            ? state.Changes.Where(c => c.Version > sinceVersion)
                .Select(c => catalog.Get(c.Collection).InSnapshot ? c : c with { Json = null })
                .ToList()
            : [];
        return new ConfigDelta(state.Tenant!, sinceVersion, version, !covered, changes);
    }
}
