using System.Text.Json.Nodes;

namespace Tollgate.Entities;

/// <summary>An entity schema as JSON, in the shape of Kong's GET /schemas/{entity}, and as an OpenAPI schema.</summary>
public static class SchemaDescription
{
    public static JsonObject Kong(EntitySchema schema) => new()
    {
        ["fields"] = new JsonArray(schema.Fields.Where(f => !f.Internal).Select(f => (JsonNode?)new JsonObject { [f.Name] = Field(f) }).ToArray()),
        ["endpoint_key"] = schema.EndpointKey,
    };

    private static JsonObject Field(Field field)
    {
        var json = new JsonObject { ["type"] = KongType(field.Kind) };
        if (field.Required) json["required"] = true;
        if (field.Unique) json["unique"] = true;
        if (field.Default is not null) json["default"] = field.Default.DeepClone();
        if (field.OneOf is not null) json["one_of"] = new JsonArray(field.OneOf.Select(o => (JsonNode?)o).ToArray());
        if (field.Min is not null || field.Max is not null) json["between"] = new JsonArray(field.Min, field.Max);
        if (field.MinLength is { } min) json["len_min"] = min;
        if (field.Reference is not null) json["reference"] = field.Reference;
        if (field.Elements is not null) json["elements"] = Field(field.Elements);
        if (field.Fields is not null)
        {
            json["fields"] = new JsonArray(field.Fields.Select(f => (JsonNode?)new JsonObject { [f.Name] = Field(f) }).ToArray());
        }
        if (field.Name is "id" or "created_at" or "updated_at") json["auto"] = true;
        return json;
    }

    private static string KongType(FieldKind kind) => kind switch
    {
        FieldKind.Any => "json",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The entity as an OpenAPI 3 schema object.</summary>
    public static JsonObject OpenApi(EntitySchema schema) => OpenApiRecord(schema.Fields.Where(f => !f.Internal));

    private static JsonObject OpenApiRecord(IEnumerable<Field> fields)
    {
        var properties = new JsonObject();
        foreach (var field in fields) properties[field.Name] = OpenApiField(field);
        return new JsonObject { ["type"] = "object", ["properties"] = properties };
    }

    private static JsonObject OpenApiField(Field field)
    {
        var json = field.Kind switch
        {
            FieldKind.String => new JsonObject { ["type"] = "string" },
            FieldKind.Integer => new JsonObject { ["type"] = "integer" },
            FieldKind.Number => new JsonObject { ["type"] = "number" },
            FieldKind.Boolean => new JsonObject { ["type"] = "boolean" },
            FieldKind.Array or FieldKind.Set => new JsonObject
            {
                ["type"] = "array",
                ["items"] = field.Elements is null ? new JsonObject() : OpenApiField(field.Elements),
            },
            FieldKind.Record => OpenApiRecord(field.Fields ?? []),
            FieldKind.Map => new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = field.Elements is null ? new JsonObject() : OpenApiField(field.Elements),
            },
            FieldKind.Foreign => new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" } },
                ["description"] = $"Reference to a {field.Reference} entity by id (or by name on input).",
            },
            _ => new JsonObject(),
        };
        if (field.Default is not null) json["default"] = field.Default.DeepClone();
        if (field.OneOf is not null && field.Kind == FieldKind.String) json["enum"] = new JsonArray(field.OneOf.Select(o => (JsonNode?)o).ToArray());
        if (field.Min is { } min) json["minimum"] = min;
        if (field.Max is { } max) json["maximum"] = max;
        return json;
    }
}
