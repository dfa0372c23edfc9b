using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Entities;

/// <summary>
/// Checks an entity against its schema the way Kong does: every field's type and rules, unknown fields,
/// defaults filled in, and Kong's messages collected per field so one answer names every mistake.
/// </summary>
public static class SchemaValidator
{
    /// <summary>
    /// Answers the entity with every schema field present (defaults filled, absent ones null), or null with
    /// <paramref name="errors"/> filled. Internal fields are accepted only when <paramref name="allowInternal"/>.
    /// </summary>
    public static JsonObject? Normalize(EntitySchema schema, JsonObject input, FieldErrors errors, bool allowInternal = false)
    {
        if (schema.Shorthand is not null)
        {
            input = schema.Shorthand(input, errors);
        }
        var output = Record(schema.Fields, input, errors.Fields, allowInternal, schema.InputOnly);
        if (errors.IsEmpty && schema.EntityChecks is not null)
        {
            foreach (var message in schema.EntityChecks(output))
            {
                errors.AddEntity(message);
            }
        }
        return errors.IsEmpty ? output : null;
    }

    private static JsonObject Record(
        IReadOnlyList<Field> fields, JsonObject input, JsonObject errors, bool allowInternal, IReadOnlySet<string>? ignored = null)
    {
        var output = new JsonObject();
        foreach (var (key, _) in input)
        {
            var field = fields.FirstOrDefault(f => f.Name == key);
            if ((field is null || (field.Internal && !allowInternal)) && ignored?.Contains(key) != true)
            {
                errors[key] = "unknown field";
            }
        }
        foreach (var field in fields)
        {
            if (field.Internal && !(allowInternal && input.ContainsKey(field.Name)))
            {
                continue;
            }
            var value = Value(field, input[field.Name], out var error);
            if (error is not null)
            {
                errors[field.Name] = error;
            }
            output[field.Name] = value;
        }
        return output;
    }

    /// <summary>Checks one value; answers the normalized value, or an error (a message or a nested object).</summary>
    public static JsonNode? Value(Field field, JsonNode? value, out JsonNode? error)
    {
        error = null;
        if (value is null && field.Kind == FieldKind.Record && field.Default is null)
        {
            // Kong materialises an absent record from its fields' defaults.
            value = new JsonObject();
        }
        if (value is null)
        {
            if (field.Default is not null)
            {
                // Defaults go through the same normalisation as given values (integers become longs).
                return Value(field with { Default = null }, field.Default.DeepClone(), out error);
            }
            if (field.Required)
            {
                error = "required field missing";
            }
            return null;
        }
        var typeError = TypeError(field, value);
        if (typeError is not null)
        {
            error = typeError;
            return null;
        }
        return field.Kind switch
        {
            FieldKind.Array or FieldKind.Set => Elements(field, (JsonArray)value, out error),
            FieldKind.Record => NestedRecord(field, (JsonObject)value, out error),
            FieldKind.Map => Map(field, (JsonObject)value, out error),
            FieldKind.Foreign => ForeignKey((JsonObject)value, out error),
            _ => Scalar(field, value, out error),
        };
    }

    private static string? TypeError(Field field, JsonNode value)
    {
        var kind = value.GetValueKind();
        return field.Kind switch
        {
            FieldKind.String when kind != JsonValueKind.String => "expected a string",
            FieldKind.Integer when kind != JsonValueKind.Number || !IsInteger(value) => "expected an integer",
            FieldKind.Number when kind != JsonValueKind.Number => "expected a number",
            FieldKind.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => "expected a boolean",
            FieldKind.Array when kind != JsonValueKind.Array => "expected an array",
            FieldKind.Set when kind != JsonValueKind.Array => "expected a set",
            FieldKind.Record or FieldKind.Map or FieldKind.Foreign when kind != JsonValueKind.Object => "expected a record",
            _ => null,
        };
    }

    private static bool IsInteger(JsonNode value)
    {
        var number = AsDouble(value);
        return Math.Floor(number) == number && Math.Abs(number) < 9e15;
    }

    /// <summary>Any JSON number as a double, whatever CLR type the node was built from.</summary>
    private static double AsDouble(JsonNode value) =>
        double.Parse(value.ToJsonString(KongJson.Options), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static JsonNode? Scalar(Field field, JsonNode value, out JsonNode? error)
    {
        error = null;
        JsonNode normalized = field.Kind switch
        {
            FieldKind.Integer => JsonValue.Create((long)AsDouble(value)),
            FieldKind.Number => JsonValue.Create(AsDouble(value)),
            _ => value.DeepClone(),
        };
        if (field.Kind == FieldKind.String)
        {
            var text = value.GetValue<string>();
            if (field.MinLength is { } min && text.Length < min)
            {
                error = $"length must be at least {min}";
            }
            else if (field.MaxLength is { } max && text.Length > max)
            {
                error = $"length must be at most {max}";
            }
            else if (field.OneOf is { } options && !options.Contains(text))
            {
                error = $"expected one of: {string.Join(", ", options)}";
            }
        }
        if (field.Kind == FieldKind.Integer && error is null)
        {
            var number = normalized.GetValue<long>();
            if ((field.Min is { } min && number < min) || (field.Max is { } max && number > max))
            {
                error = field.OneOf is { } options
                    ? $"expected one of: {string.Join(", ", options)}"
                    : field.Max is null ? $"value must be greater than {field.Min - 1}" : $"value should be between {field.Min} and {field.Max}";
            }
            else if (field.OneOf is { } options && !options.Contains(number.ToString()))
            {
                error = $"expected one of: {string.Join(", ", options)}";
            }
        }
        if (error is null && field.Rule is not null)
        {
            error = field.Rule(normalized);
        }
        return error is null ? normalized : null;
    }

    private static JsonArray? Elements(Field field, JsonArray values, out JsonNode? error)
    {
        var element = field.Elements ?? Field.Any(field.Name);
        var output = new JsonArray();
        var errors = new JsonArray();
        var failed = false;
        foreach (var item in values)
        {
            var normalized = Value(element with { Required = true }, item, out var itemError);
            errors.Add(itemError);
            failed |= itemError is not null;
            if (itemError is null && !(field.Kind == FieldKind.Set && output.Any(o => JsonNode.DeepEquals(o, normalized))))
            {
                output.Add(normalized);
            }
        }
        if (!failed && field.MinLength is { } min && output.Count < min)
        {
            error = $"length must be at least {min}";
            return null;
        }
        error = failed ? errors : null;
        return failed ? null : output;
    }

    private static JsonObject? NestedRecord(Field field, JsonObject value, out JsonNode? error)
    {
        var errors = new JsonObject();
        var output = Record(field.Fields ?? [], value, errors, allowInternal: false);
        error = errors.Count > 0 ? errors : null;
        return error is null ? output : null;
    }

    private static JsonObject? Map(Field field, JsonObject value, out JsonNode? error)
    {
        var element = field.Elements ?? Field.Any(field.Name);
        var output = new JsonObject();
        var errors = new JsonObject();
        foreach (var (key, item) in value)
        {
            var normalized = Value(element with { Required = true }, item, out var itemError);
            if (itemError is not null) errors[key] = itemError;
            else output[key] = normalized;
        }
        error = errors.Count > 0 ? errors : null;
        return error is null ? output : null;
    }

    /// <summary>A reference keeps its shape ({"id"} or {"name"}); the tenant resolves it to {"id"}.</summary>
    private static JsonObject? ForeignKey(JsonObject value, out JsonNode? error)
    {
        error = null;
        var id = value["id"];
        if (id is not null)
        {
            if (id.GetValueKind() != JsonValueKind.String || !Guid.TryParse(id.GetValue<string>(), out _))
            {
                error = new JsonObject { ["id"] = "expected a valid UUID" };
                return null;
            }
            return new JsonObject { ["id"] = id.GetValue<string>().ToLowerInvariant() };
        }
        var name = value["name"] ?? value["username"];
        if (name is not null && name.GetValueKind() == JsonValueKind.String)
        {
            return new JsonObject { ["name"] = name.GetValue<string>() };
        }
        error = new JsonObject { ["id"] = "missing primary key" };
        return null;
    }
}
