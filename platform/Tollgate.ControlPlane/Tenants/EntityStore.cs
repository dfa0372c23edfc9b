using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// A tenant's entities in memory, by type and id, with the lookups Kong's semantics need and a journal of
/// changes since the last commit (so a failed write can be rolled back and a delta can be recorded). Unique fields
/// and endpoint keys are indexed, so a write's uniqueness check and a lookup by name cost the same with 100,000
/// consumers as with ten.
/// </summary>
internal sealed class EntityStore
{
    private readonly Dictionary<string, Dictionary<Guid, JsonObject>> _entities = new();
    private readonly Dictionary<(string, Guid), JsonObject?> _before = new();
    /// <summary>(collection, fields, their values as JSON) → the ids that have them.</summary>
    private readonly Dictionary<(string, string, string), HashSet<Guid>> _index = new();
    /// <summary>The index keys each entity was filed under, to unfile it even if it was changed in place.</summary>
    private readonly Dictionary<(string, Guid), List<(string, string, string)>> _filed = new();
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
        return Having(schema, [field], [JsonValue.Create(value)]).Select(id => _entities[schema.Name][id]).FirstOrDefault(within);
    }

    /// <summary>The ids of the entities whose <paramref name="fields"/> hold these values (fields must be indexed).</summary>
    public IEnumerable<Guid> Having(EntitySchema schema, string[] fields, JsonNode?[] values) =>
        _index.TryGetValue((schema.Name, string.Join(',', fields), Key(values)), out var ids) ? ids : [];

    /// <summary>The field sets indexed for a type: each unique field, each unique-together set, the endpoint key.</summary>
    private static IEnumerable<string[]> Indexed(EntitySchema schema)
    {
        foreach (var field in schema.Fields.Where(f => f.Unique)) yield return [field.Name];
        foreach (var fields in schema.UniqueTogether) yield return fields;
        if (schema.EndpointKey is { } key && !schema.Fields.Any(f => f.Unique && f.Name == key)) yield return [key];
    }

    private static string Key(IEnumerable<JsonNode?> values) => string.Join('\u001f', values.Select(v => v?.ToJsonString() ?? "null"));

    private void File(EntitySchema schema, Guid id, JsonObject entity)
    {
        var keys = new List<(string, string, string)>();
        foreach (var fields in Indexed(schema))
        {
            var values = fields.Select(f => entity[f]).ToArray();
            if (values.All(v => v is null)) continue;
            var key = (schema.Name, string.Join(',', fields), Key(values));
            if (!_index.TryGetValue(key, out var ids)) _index[key] = ids = [];
            ids.Add(id);
            keys.Add(key);
        }
        _filed[(schema.Name, id)] = keys;
    }

    private void Unfile(string collection, Guid id)
    {
        if (!_filed.Remove((collection, id), out var keys)) return;
        foreach (var key in keys)
        {
            if (_index.TryGetValue(key, out var ids) && ids.Remove(id) && ids.Count == 0) _index.Remove(key);
        }
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
        Unfile(schema.Name, id);
        _entities[schema.Name][id] = entity;
        File(schema, id, entity);
    }

    public void Remove(EntitySchema schema, Guid id)
    {
        Remember(schema, id);
        Unfile(schema.Name, id);
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
            Unfile(collection, id);
            if (before is null) _entities[collection].Remove(id);
            else
            {
                _entities[collection][id] = before;
                File(Catalog.Get(collection), id, before);
            }
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
        _index.Clear();
        _filed.Clear();
    }

    public static Guid IdOf(JsonObject entity) => Guid.Parse(entity["id"]!.GetValue<string>());
}

/// <summary>One entity's change inside a commit: as it was and as it is now (null when absent).</summary>
internal sealed record EntityChange(string Collection, Guid Id, JsonObject? Before, JsonObject? After);
