using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.Declarative;

/// <summary>
/// Writes a tenant's entities as a Kong declarative document (_format_version 3.0). Entities nest under their
/// one parent as Kong's format does; timestamps and nulls are left out; the order is by id, so the same
/// config always gives the same document. Secrets appear only as their hashes.
/// </summary>
internal static class DeclarativeExporter
{
    public static JsonObject Export(EntityStore store)
    {
        var catalog = store.Catalog;
        var document = new JsonObject { ["_format_version"] = "3.0" };
        var nestedUnder = NestedChildren();
        foreach (var schema in catalog.Schemas)
        {
            var topLevel = Sorted(store, schema)
                .Where(e => !nestedUnder.TryGetValue(schema.Name, out var fields) || !IsNested(schema, e, fields))
                .Select(e => Entity(store, schema, e, parentField: null))
                .ToList();
            if (topLevel.Count > 0)
            {
                document[schema.Name] = new JsonArray(topLevel.Select(e => (JsonNode?)e).ToArray());
            }
        }
        return document;
    }

    /// <summary>For each child type, the reference fields under which it can nest.</summary>
    private static Dictionary<string, List<string>> NestedChildren()
    {
        var result = new Dictionary<string, List<string>>();
        foreach (var nesting in DeclarativeShape.Children.Values.SelectMany(n => n))
        {
            if (!result.TryGetValue(nesting.Child, out var fields)) result[nesting.Child] = fields = [];
            fields.Add(nesting.Field);
        }
        return result;
    }

    /// <summary>An entity nests when exactly one of its nestable references is set (a plugin on one route, say).</summary>
    private static bool IsNested(EntitySchema schema, JsonObject entity, List<string> fields) =>
        fields.Count(f => entity[f] is not null) == 1
        && (schema.Name == "consumer_group_consumers" || schema.ForeignFields.Count(f => entity[f.Name] is not null) == 1);

    private static JsonObject Entity(EntityStore store, EntitySchema schema, JsonObject entity, string? parentField)
    {
        var output = new JsonObject();
        foreach (var field in schema.Fields)
        {
            if (field.Name is "created_at" or "updated_at" || field.Name == parentField || entity[field.Name] is not { } value)
            {
                continue;
            }
            output[field.Name] = field.Kind == FieldKind.Foreign ? value["id"]!.DeepClone() : value.DeepClone();
        }
        foreach (var nesting in DeclarativeShape.Children.GetValueOrDefault(schema.Name) ?? [])
        {
            var child = store.Catalog.Get(nesting.Child);
            var children = Sorted(store, child)
                .Where(c => c[nesting.Field]?["id"]?.GetValue<string>() == entity["id"]!.GetValue<string>()
                    && IsNested(child, c, [nesting.Field]))
                .Select(c => child.Name == "consumer_group_consumers"
                    ? Member(store, c)
                    : Entity(store, child, c, nesting.Field))
                .ToList();
            if (children.Count > 0)
            {
                output[nesting.Key] = new JsonArray(children.Select(c => (JsonNode?)c).ToArray());
            }
        }
        return output;
    }

    private static JsonObject Member(EntityStore store, JsonObject membership)
    {
        var consumer = store.Get(store.Catalog.Get("consumers"), Guid.Parse(membership["consumer"]!["id"]!.GetValue<string>()))!;
        return consumer["username"] is { } username
            ? new JsonObject { ["username"] = username.DeepClone() }
            : new JsonObject { ["id"] = consumer["id"]!.DeepClone() };
    }

    private static IEnumerable<JsonObject> Sorted(EntityStore store, EntitySchema schema) =>
        store.All(schema).OrderBy(e => e["id"]!.GetValue<string>(), StringComparer.Ordinal);
}
