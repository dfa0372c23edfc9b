using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.Declarative;

/// <summary>What applying a declarative document would create, update and delete, entity by entity.</summary>
internal sealed record ConfigDiff(
    IReadOnlyList<(EntitySchema Schema, JsonObject Entity)> Created,
    IReadOnlyList<(EntitySchema Schema, JsonObject Entity)> Updated,
    IReadOnlyList<(EntitySchema Schema, JsonObject Entity)> Deleted)
{
    public static ConfigDiff Between(EntityCatalog catalog, EntityStore before, EntityStore after)
    {
        var created = new List<(EntitySchema, JsonObject)>();
        var updated = new List<(EntitySchema, JsonObject)>();
        var deleted = new List<(EntitySchema, JsonObject)>();
        foreach (var schema in catalog.Schemas)
        {
            foreach (var entity in after.All(schema))
            {
                var old = before.Get(schema, EntityStore.IdOf(entity));
                if (old is null) created.Add((schema, entity));
                else if (!DeclarativeImporter.SameContent(old, entity)) updated.Add((schema, entity));
            }
            deleted.AddRange(before.All(schema).Where(e => after.Get(schema, EntityStore.IdOf(e)) is null).Select(e => (schema, e)));
        }
        return new ConfigDiff(created, updated, deleted);
    }

    public bool IsEmpty => Created.Count == 0 && Updated.Count == 0 && Deleted.Count == 0;

    public JsonObject ToJson() => new()
    {
        ["created"] = List(Created),
        ["updated"] = List(Updated),
        ["deleted"] = List(Deleted),
    };

    private static JsonArray List(IEnumerable<(EntitySchema Schema, JsonObject Entity)> entities) =>
        new(entities.Select(e => (JsonNode?)new JsonObject
        {
            ["type"] = e.Schema.Singular,
            ["id"] = e.Entity["id"]!.DeepClone(),
            ["name"] = (e.Schema.EndpointKey is { } key && key != "key" ? e.Entity[key]?.DeepClone() : null),
        }).ToArray());
}
