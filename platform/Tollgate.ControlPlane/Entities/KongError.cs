using System.Text.Json.Nodes;
using Tollgate.Tenants;

namespace Tollgate.Entities;

/// <summary>Kong's Admin API error bodies, with Kong's codes and names.</summary>
public static class KongError
{
    public static AdminResponse Message(int status, string message) =>
        new(status, new JsonObject { ["message"] = message }.ToJsonString(KongJson.Options));

    public static AdminResponse NotFound() => Message(404, "Not found");

    public static AdminResponse SchemaViolation(FieldErrors errors)
    {
        var lines = errors.Flatten().ToList();
        var message = lines.Count == 1
            ? $"schema violation ({lines[0]})"
            : $"{lines.Count} schema violations ({string.Join("; ", lines)})";
        return Body(400, 2, "schema violation", message, errors.ToJson());
    }

    public static AdminResponse SchemaViolation(string field, string rule)
    {
        var errors = new FieldErrors();
        errors.Add(field, rule);
        return SchemaViolation(errors);
    }

    public static AdminResponse PrimaryKeyViolation(Guid id) =>
        Body(409, 3, "primary key violation", $"primary key violation on key '{{id=\"{id}\"}}'", new JsonObject { ["id"] = id.ToString() });

    public static AdminResponse ForeignKeyMissing(string field, JsonObject reference, string collection) =>
        Body(400, 4, "foreign key violation",
            $"the foreign key '{Describe(reference)}' does not reference an existing '{collection}' entity.",
            new JsonObject { [field] = reference.DeepClone() });

    public static AdminResponse ReferencedBy(string referrer, string collection) =>
        Body(400, 4, "foreign key violation",
            $"an existing '{referrer}' entity references this '{collection}' entity",
            new JsonObject { ["@referenced_by"] = referrer });

    public static AdminResponse UniqueViolation(JsonObject fields) =>
        Body(409, 5, "unique constraint violation", $"UNIQUE violation detected on '{Describe(fields)}'", fields);

    public static AdminResponse InvalidOffset(string offset) =>
        Body(400, 7, "invalid offset", $"'{offset}' is not a valid offset: bad base64 encoding", null);

    public static AdminResponse InvalidSize(string message) => Body(400, 9, "invalid size", message, null);

    public static AdminResponse Body(int status, int code, string name, string message, JsonNode? fields)
    {
        var body = new JsonObject { ["code"] = code, ["name"] = name, ["message"] = message };
        if (fields is not null)
        {
            body["fields"] = fields;
        }
        return new AdminResponse(status, body.ToJsonString(KongJson.Options));
    }

    /// <summary>Kong's "{name="x"}" rendering of the values a constraint names.</summary>
    private static string Describe(JsonObject values) =>
        "{" + string.Join(",", values.Select(v => $"{v.Key}={(v.Value is JsonValue ? v.Value.ToJsonString(KongJson.Options) : v.Value?.ToJsonString(KongJson.Options) ?? "null")}")) + "}";
}
