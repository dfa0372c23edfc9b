using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// A tenant's entities in memory, by type and id, with the lookups Kong's semantics need and a journal of
/// changes since the last commit (so a failed write can be rolled back and a delta can be recorded).
/// </summary>
internal sealed class EntityStore
{
    private readonly Dictionary<string, Dictionary<Guid, JsonObject>> _entities = new();
    private readonly Dictionary<(string, Guid), JsonObject?> _before = new();
    private readonly Func<string, string> _keyHash;

    public EntityStore(EntityCatalog catalog, Func<string, string> keyHash)
    {
        Catalog = catalog;
        _keyHash = keyHash;
        foreach (var schema in catalog.Schemas)
        {
            _entities[schema.Name] = new Dictionary<Guid, JsonObject>();
        }
    }

    public EntityCatalog Catalog { get; }

    /// <summary>How many entities of a collection there are.</summary>
    public int Count(string collection) => _entities[collection].Count;

    /// <summary>The entities of a type, in Kong's list order (creation time, then id).</summary>
    public IEnumerable<JsonObject> All(EntitySchema schema) =>
        _entities[schema.Name].Values.OrderBy(e => e["created_at"]!.GetValue<long>()).ThenBy(e => IdOf(e));

    public JsonObject? Get(EntitySchema schema, Guid id) => _entities[schema.Name].GetValueOrDefault(id);

    /// <summary>
    /// Finds by id, or by the type's endpoint key (an API key is matched through its hash), among the entities
    /// <paramref name="within"/> accepts (a nested path looks only under its parent).
    /// </summary>
    public JsonObject? Find(EntitySchema schema, string key, Func<JsonObject, bool>? within = null)
    {
        within ??= _ => true;
        if (Guid.TryParse(key, out var id))
        {
            return Get(schema, id) is { } entity && within(entity) ? entity : null;
        }
        if (schema.EndpointKey is null)
        {
            return null;
        }
        var (field, value) = schema.Name == "keyauth_credentials" ? ("key_hash", _keyHash(key)) : (schema.EndpointKey, key);
        return _entities[schema.Name].Values.FirstOrDefault(e => e[field]?.GetValue<string>() == value && within(e));
    }

    /// <summary>Finds the entity a reference {"id"} or {"name"} points at.</summary>
    public JsonObject? Resolve(EntitySchema schema, JsonObject reference) =>
        reference["id"] is { } id ? Find(schema, id.GetValue<string>())
        : reference["name"] is { } name ? Find(schema, name.GetValue<string>())
        : null;

    /// <summary>Entities of any type whose foreign field points at the entity.</summary>
    public IEnumerable<(EntitySchema Schema, Field Field, JsonObject Entity)> Referrers(EntitySchema schema, Guid id)
    {
        var text = id.ToString();
        foreach (var (referrer, field) in Catalog.ReferencesTo(schema))
        {
            foreach (var entity in _entities[referrer.Name].Values)
            {
                if (entity[field.Name]?["id"]?.GetValue<string>() == text)
                {
                    yield return (referrer, field, entity);
                }
            }
        }
    }

    public void Put(EntitySchema schema, JsonObject entity)
    {
        var id = IdOf(entity);
        Remember(schema, id);
        _entities[schema.Name][id] = entity;
    }

    public void Remove(EntitySchema schema, Guid id)
    {
        Remember(schema, id);
        _entities[schema.Name].Remove(id);
    }

    /// <summary>The changes since the last commit: each entity as it was and as it is (null when absent).</summary>
    public List<EntityChange> Pending() =>
        _before.Select(p => new EntityChange(p.Key.Item1, p.Key.Item2, p.Value, _entities[p.Key.Item1].GetValueOrDefault(p.Key.Item2)))
            .Where(c => !(c.Before is null && c.After is null) && !ReferenceEquals(c.Before, c.After))
            .ToList();

    /// <summary>Answers the pending changes and forgets them.</summary>
    public List<EntityChange> Commit()
    {
        var changes = Pending();
        _before.Clear();
        return changes;
    }

    /// <summary>Puts back every entity changed since the last commit.</summary>
    public void Rollback()
    {
        foreach (var ((collection, id), before) in _before)
        {
            if (before is null) _entities[collection].Remove(id);
            else _entities[collection][id] = before;
        }
        _before.Clear();
    }

    private void Remember(EntitySchema schema, Guid id) =>
        _before.TryAdd((schema.Name, id), _entities[schema.Name].GetValueOrDefault(id));

    /// <summary>Forgets every entity (a tenant being removed), without journal.</summary>
    public void Clear()
    {
        foreach (var entities in _entities.Values) entities.Clear();
        _before.Clear();
    }

    public static Guid IdOf(JsonObject entity) => Guid.Parse(entity["id"]!.GetValue<string>());
}

/// <summary>One entity's change inside a commit: as it was and as it is now (null when absent).</summary>
internal sealed record EntityChange(string Collection, Guid Id, JsonObject? Before, JsonObject? After);
