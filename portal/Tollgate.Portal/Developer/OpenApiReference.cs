using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Declarative;

namespace Tollgate.Portal.Developer;

/// <summary>One operation of an API as its reference page shows it.</summary>
public sealed record ApiOperation(
    string Method, string Path, string Tag, string? Summary, string? Description,
    IReadOnlyList<ApiParameter> Parameters, ApiBody? Body, IReadOnlyList<ApiResponse> Responses);

public sealed record ApiParameter(string Name, string In, bool Required, string Type, string? Description, string? Example);

public sealed record ApiBody(string ContentType, string Schema, string Example);

public sealed record ApiResponse(string Status, string? Description, string? Schema, string? Example);

/// <summary>
/// Reads an OpenAPI 3 document (JSON or YAML) into the operations a developer portal lists: parameters, request body,
/// responses, their schemas described in a few lines and an example for each (the document's own, or one made from the schema).
/// </summary>
public static class OpenApiReference
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The document as JSON, or why it is not an OpenAPI document.</summary>
    public static (JsonObject? Document, string? Problem) Parse(string text)
    {
        var document = DeclarativeFormat.Parse(text, out var error);
        if (document is null) return (null, $"The document cannot be read: {error}");
        if (document["openapi"]?.GetValueKind() != JsonValueKind.String) return (null, "The document has no \"openapi\" version (OpenAPI 3 is expected).");
        if (document["paths"] is not JsonObject) return (null, "The document has no \"paths\".");
        return (document, null);
    }

    public static string? Title(JsonObject document) => document["info"]?["title"]?.ToString();

    public static IReadOnlyList<ApiOperation> Operations(JsonObject document)
    {
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item is not JsonObject pathItem) continue;
            var shared = pathItem["parameters"] as JsonArray;
            foreach (var method in Methods)
            {
                if (pathItem[method] is not JsonObject operation) continue;
                var parameters = (shared ?? []).Concat(operation["parameters"] as JsonArray ?? [])
                    .Select(p => Resolve(document, p)).OfType<JsonObject>()
                    .Select(p => Parameter(document, p)).ToList();
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path,
                    (operation["tags"] as JsonArray)?.FirstOrDefault()?.ToString() ?? "",
                    operation["summary"]?.ToString(), operation["description"]?.ToString(),
                    parameters, Body(document, Resolve(document, operation["requestBody"]) as JsonObject),
                    Responses(document, operation["responses"] as JsonObject)));
            }
        }
        return operations;
    }

    private static ApiParameter Parameter(JsonObject document, JsonObject parameter)
    {
        var schema = Resolve(document, parameter["schema"]) as JsonObject;
        var example = parameter["example"] ?? schema?["example"];
        return new ApiParameter(parameter["name"]?.ToString() ?? "", parameter["in"]?.ToString() ?? "query",
            parameter["required"]?.GetValue<bool>() == true || parameter["in"]?.ToString() == "path",
            schema?["type"]?.ToString() ?? "string", parameter["description"]?.ToString(), example?.ToString());
    }

    private static ApiBody? Body(JsonObject document, JsonObject? body)
    {
        if (body?["content"] is not JsonObject content || content.Count == 0) return null;
        var (type, media) = content.First();
        var schema = (media as JsonObject)?["schema"];
        return new ApiBody(type, Describe(document, schema, 0), Example(document, media as JsonObject, schema));
    }

    private static IReadOnlyList<ApiResponse> Responses(JsonObject document, JsonObject? responses) =>
        responses is null ? [] : [.. responses.Select(r =>
        {
            var response = Resolve(document, r.Value) as JsonObject;
            var media = (response?["content"] as JsonObject)?.FirstOrDefault().Value as JsonObject;
            var schema = media?["schema"];
            return new ApiResponse(r.Key, response?["description"]?.ToString(),
                schema is null ? null : Describe(document, schema, 0), media is null ? null : Example(document, media, schema));
        })];

    private static string Example(JsonObject document, JsonObject? media, JsonNode? schema)
    {
        var example = media?["example"] ?? (media?["examples"] as JsonObject)?.FirstOrDefault().Value?["value"] ?? Sample(document, schema, 0);
        return example?.ToJsonString(Indented) ?? "";
    }

    /// <summary>A value of the schema's shape: its example, default or first enum value, else a placeholder of its type.</summary>
    public static JsonNode? Sample(JsonObject document, JsonNode? schemaNode, int depth)
    {
        if (depth > 6 || Resolve(document, schemaNode) is not JsonObject schema) return null;
        if ((schema["example"] ?? schema["default"] ?? (schema["enum"] as JsonArray)?.FirstOrDefault()) is { } given) return given.DeepClone();
        return schema["type"]?.ToString() switch
        {
            "object" or null when schema["properties"] is JsonObject properties =>
                new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, Sample(document, p.Value, depth + 1)))),
            "array" => new JsonArray(Sample(document, schema["items"], depth + 1)),
            "integer" => 0,
            "number" => 0.0,
            "boolean" => true,
            "string" => schema["format"]?.ToString() switch { "date-time" => "2026-01-01T00:00:00Z", "uuid" => "00000000-0000-0000-0000-000000000000", _ => "string" },
            _ => null,
        };
    }

    /// <summary>The schema in a few readable lines: fields, their types, which are required.</summary>
    public static string Describe(JsonObject document, JsonNode? schemaNode, int depth)
    {
        var name = (schemaNode as JsonObject)?["$ref"]?.ToString()?.Split('/').Last();
        if (depth > 4 || Resolve(document, schemaNode) is not JsonObject schema) return name ?? "any";
        var indent = new string(' ', depth * 2);
        switch (schema["type"]?.ToString())
        {
            case "array":
                return $"array of {Describe(document, schema["items"], depth)}";
            case "object" or null when schema["properties"] is JsonObject properties:
                var required = (schema["required"] as JsonArray)?.Select(r => r?.ToString()).ToHashSet() ?? [];
                var lines = properties.Select(p => $"{indent}  {p.Key}{(required.Contains(p.Key) ? "" : "?")}: {Describe(document, p.Value, depth + 1)}"
                    + ((p.Value as JsonObject)?["description"] is { } description ? $"  — {description}" : ""));
                return $"{name ?? "object"} {{\n{string.Join("\n", lines)}\n{indent}}}";
            default:
                var type = schema["type"]?.ToString() ?? "any";
                var format = schema["format"] is { } f ? $" ({f})" : "";
                var choices = schema["enum"] is JsonArray values ? $" one of {string.Join(", ", values)}" : "";
                return type + format + choices;
        }
    }

    /// <summary>Follows a local "$ref" ("#/components/…") to what it names.</summary>
    private static JsonNode? Resolve(JsonObject document, JsonNode? node)
    {
        for (var hops = 0; hops < 10 && (node as JsonObject)?["$ref"]?.ToString() is { } reference; hops++)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
            node = reference[2..].Split('/').Aggregate<string, JsonNode?>(document, (current, part) => current?[part.Replace("~1", "/").Replace("~0", "~")]);
        }
        return node;
    }
}
