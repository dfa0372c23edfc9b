using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Secrets;
using Tollgate.Tenants;

namespace Tollgate.Declarative;

/// <summary>
/// Turns a Kong declarative document into a tenant's complete entity set. The whole document is validated
/// into a fresh store first; only a document without a single error is applied, as one change.
/// </summary>
internal sealed class DeclarativeImporter(string tenant, EntityStore current, SecretHasher hasher, TimeProvider clock, HostRules hosts)
{
    private EntityCatalog Catalog => current.Catalog;

    private sealed record Item(EntitySchema Schema, JsonObject Input, string Path);

    /// <summary>The outcome: the entity set the document describes and how it differs from now, or Kong's error.</summary>
    public sealed record Result(EntityStore? Store, ConfigDiff? Diff, AdminResponse? Error);

    public Result Import(JsonObject document)
    {
        var problems = new List<JsonObject>();
        var items = Collect(document, problems);
        var proposed = new EntityStore(Catalog, hasher.KeyHash);
        var operations = new EntityOperations(proposed, hasher, clock, hosts);
        foreach (var item in items.OrderBy(i => IndexOf(i.Schema)))
        {
            var existing = current.Get(item.Schema, Guid.Parse(item.Input["id"]!.GetValue<string>()));
            KeepUnchangedSecrets(item, existing);
            KeepVerification(item, existing);
            if (existing?["created_at"] is { } createdAt) item.Input["created_at"] = createdAt.DeepClone();
            var (entity, error, _) = operations.Write(item.Schema, item.Input, existing: null, allowInternal: true);
            if (entity is null)
            {
                problems.Add(Problem(item, JsonNode.Parse(error!.Body!)!.AsObject()));
                continue;
            }
            proposed.Put(item.Schema, existing is not null && SameContent(existing, entity) ? (JsonObject)existing.DeepClone() : entity);
        }
        if (problems.Count > 0)
        {
            return new Result(null, null, Invalid(problems));
        }
        proposed.Commit();
        return new Result(proposed, ConfigDiff.Between(Catalog, current, proposed), null);
    }

    private List<Item> Collect(JsonObject document, List<JsonObject> problems)
    {
        var items = new List<Item>();
        var version = document["_format_version"];
        if (version?.GetValueKind() != JsonValueKind.String || !DeclarativeShape.FormatVersions.Contains(version.GetValue<string>()))
        {
            problems.Add(new JsonObject { ["path"] = "_format_version", ["errors"] = Errors("_format_version", "expected one of: 1.1, 2.1, 3.0") });
        }
        foreach (var (key, value) in document)
        {
            if (DeclarativeShape.Meta.Contains(key)) continue;
            var schema = Catalog.Schemas.FirstOrDefault(s => s.Name == key && s.Name != "consumer_group_consumers");
            if (schema is null)
            {
                problems.Add(new JsonObject { ["path"] = key, ["errors"] = Errors(key, "unknown field") });
                continue;
            }
            Collect(schema, value, key, null, items, problems);
        }
        return items;
    }

    private void Collect(EntitySchema schema, JsonNode? list, string path, (string Field, Item Parent)? parent, List<Item> items, List<JsonObject> problems)
    {
        if (list is not JsonArray array)
        {
            problems.Add(new JsonObject { ["path"] = path, ["errors"] = Errors(path, "expected an array") });
            return;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{path}[{i}]";
            var input = MemberInput(schema, array[i]);
            if (input is null)
            {
                problems.Add(new JsonObject { ["path"] = at, ["errors"] = Errors(at, "expected a record") });
                continue;
            }
            var nested = DeclarativeShape.Children.GetValueOrDefault(schema.Name) ?? [];
            var children = nested.Where(n => input.ContainsKey(n.Key)).Select(n => (n, input[n.Key])).ToList();
            foreach (var (nesting, _) in children) input.Remove(nesting.Key);
            foreach (var field in schema.ForeignFields)
            {
                if (input[field.Name] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String)
                {
                    var text = reference.GetValue<string>();
                    input[field.Name] = Guid.TryParse(text, out _) ? new JsonObject { ["id"] = text } : new JsonObject { ["name"] = text };
                }
            }
            if (parent is var (parentField, parentItem))
            {
                input[parentField] = new JsonObject { ["id"] = parentItem.Input["id"]!.GetValue<string>() };
            }
            input["id"] ??= IdFor(schema, input, parent?.Parent);
            var item = new Item(schema, input, at);
            items.Add(item);
            foreach (var (nesting, value) in children)
            {
                Collect(Catalog.Get(nesting.Child), value, $"{at}.{nesting.Key}", (nesting.Field, item), items, problems);
            }
        }
    }

    /// <summary>A consumer group lists its members as usernames or {username}/{id}; other entities are records.</summary>
    private static JsonObject? MemberInput(EntitySchema schema, JsonNode? node)
    {
        if (schema.Name != "consumer_group_consumers")
        {
            return node is JsonObject record ? (JsonObject)record.DeepClone() : null;
        }
        var reference = node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonObject o => (o["id"] ?? o["username"] ?? o["custom_id"])?.GetValue<string>(),
            _ => null,
        };
        return reference is null ? null : new JsonObject
        {
            ["consumer"] = Guid.TryParse(reference, out _) ? new JsonObject { ["id"] = reference } : new JsonObject { ["name"] = reference },
        };
    }

    /// <summary>
    /// An entity without an id keeps the id of the entity it replaces (same endpoint key); otherwise it gets one
    /// derived from the tenant and its content, so importing the same file twice changes nothing.
    /// </summary>
    private string IdFor(EntitySchema schema, JsonObject input, Item? parent)
    {
        if (schema.EndpointKey is { } key && input[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && schema.Name != "keyauth_credentials" && current.Find(schema, value.GetValue<string>()) is { } existing
            && (parent is null || schema.ForeignFields.Any(f => existing[f.Name]?["id"]?.GetValue<string>() == parent.Input["id"]!.GetValue<string>())))
        {
            return existing["id"]!.GetValue<string>();
        }
        var seed = $"{tenant}/{schema.Name}/{parent?.Input["id"]}/{input.ToJsonString(KongJson.Options)}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>A basic-auth password equal to the stored one keeps its stored hash, so re-imports change nothing.</summary>
    private static void KeepUnchangedSecrets(Item item, JsonObject? existing)
    {
        if (item.Schema.Name == "basicauth_credentials" && existing?["password"] is { } stored
            && item.Input["password"] is JsonValue given && given.GetValueKind() == JsonValueKind.String
            && !SecretHasher.IsPasswordHash(given.GetValue<string>())
            && SecretHasher.VerifyPassword(given.GetValue<string>(), stored.GetValue<string>()))
        {
            item.Input["password"] = stored.DeepClone();
        }
    }

    /// <summary>A file cannot mark a claim verified: only a claim already verified under the same name stays so.</summary>
    private static void KeepVerification(Item item, JsonObject? existing)
    {
        if (item.Schema.Name != "domains") return;
        var same = existing is not null && existing["name"]?.GetValue<string>() == item.Input["name"]?.GetValue<string>();
        item.Input["verified"] = same ? existing!["verified"]?.DeepClone() : null;
        item.Input["verification_token"] = same ? existing!["verification_token"]?.DeepClone() : null;
    }

    public static bool SameContent(JsonObject a, JsonObject b) =>
        a.Where(p => p.Key != "updated_at").All(p => JsonNode.DeepEquals(p.Value, b[p.Key]))
        && b.Where(p => p.Key != "updated_at").All(p => a.ContainsKey(p.Key) || p.Value is null);

    private int IndexOf(EntitySchema schema)
    {
        for (var i = 0; i < Catalog.Schemas.Count; i++)
        {
            if (Catalog.Schemas[i] == schema) return i;
        }
        return int.MaxValue;
    }

    private static JsonObject Problem(Item item, JsonObject error)
    {
        var errors = new JsonArray();
        if (error["fields"] is JsonObject fields)
        {
            var collected = new FieldErrors();
            foreach (var (key, value) in fields) collected.Add(key, value!.DeepClone());
            foreach (var line in collected.Flatten())
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                errors.Add(new JsonObject { ["field"] = line[..colon], ["message"] = line[(colon + 2)..] });
            }
        }
        if (errors.Count == 0)
        {
            errors.Add(new JsonObject { ["message"] = error["message"]?.GetValue<string>() });
        }
        return new JsonObject
        {
            ["entity_type"] = item.Schema.Singular,
            ["entity_name"] = (item.Input["name"] ?? item.Input["username"] ?? item.Input["target"])?.DeepClone(),
            ["entity_id"] = item.Input["id"]?.DeepClone(),
            ["path"] = item.Path,
            ["errors"] = errors,
        };
    }

    private static JsonArray Errors(string field, string message) => [new JsonObject { ["field"] = field, ["message"] = message }];

    private static AdminResponse Invalid(List<JsonObject> problems)
    {
        var lines = problems.SelectMany(p => p["errors"]!.AsArray().Select(e =>
            $"{p["path"]}: {(e!["field"] is { } f ? $"{f.GetValue<string>()}: " : "")}{e["message"]}"));
        var body = new JsonObject
        {
            ["code"] = 14,
            ["name"] = "invalid declarative configuration",
            ["message"] = $"declarative config is invalid: {string.Join("; ", lines)}",
            ["flattened_errors"] = new JsonArray(problems.Select(p => (JsonNode?)p).ToArray()),
        };
        return new AdminResponse(400, body.ToJsonString(KongJson.Options));
    }
}
