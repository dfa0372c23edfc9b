using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Portal.Components.Console.Schema;

/// <summary>
/// How a schema field is edited in a form: which input it gets, how its value reads as text and how text becomes its
/// value again. Only the shape is checked here; the rules are the Admin API's own, applied when the form is saved.
/// </summary>
public static class FieldText
{
    /// <summary>The input a field is edited with.</summary>
    public enum Input { Text, Choice, Choices, Number, Switch, Lines, Record, Reference, Json }

    public static Input InputOf(Field field) => field.Kind switch
    {
        FieldKind.String when field.OneOf is not null => Input.Choice,
        FieldKind.String => Input.Text,
        FieldKind.Integer or FieldKind.Number => Input.Number,
        FieldKind.Boolean => Input.Switch,
        FieldKind.Foreign => Input.Reference,
        FieldKind.Record when field.Fields is not null => Input.Record,
        FieldKind.Array or FieldKind.Set when field.Elements?.OneOf is not null => Input.Choices,
        FieldKind.Array or FieldKind.Set when field.Elements?.Kind is FieldKind.String or FieldKind.Integer or FieldKind.Number => Input.Lines,
        _ => Input.Json,
    };

    /// <summary>Whether a person fills the field in: ids, timestamps and what the platform keeps are not theirs.</summary>
    public static bool IsEditable(Field field) => !field.Internal && field.Name is not ("id" or "created_at" or "updated_at");

    /// <summary>The value as the text its input shows.</summary>
    public static string Show(Field field, JsonNode? value) => value switch
    {
        null => "",
        JsonArray list when InputOf(field) == Input.Lines => string.Join("\n", list.Select(e => e is JsonValue v ? Scalar(v) : e?.ToJsonString())),
        JsonValue scalar when InputOf(field) != Input.Json => Scalar(scalar),
        _ => value.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
    };

    private static string Scalar(JsonValue value) =>
        value.TryGetValue<string>(out var text) ? text : value.ToJsonString();

    /// <summary>The value the text stands for; empty text is no value (null). Answers why when the text has the wrong shape.</summary>
    public static (JsonNode? Value, string? Problem) Read(Field field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        switch (InputOf(field))
        {
            case Input.Number:
                return Number(field, text.Trim());
            case Input.Lines:
                var elements = new JsonArray();
                foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
                {
                    var (element, problem) = field.Elements!.Kind == FieldKind.String ? (JsonValue.Create(line), null) : Number(field.Elements, line);
                    if (problem is not null) return (null, $"“{line}”: {problem}");
                    elements.Add(element);
                }
                return (elements, null);
            case Input.Json:
                try
                {
                    return (JsonNode.Parse(text), null);
                }
                catch (JsonException e)
                {
                    return (null, $"not valid JSON ({e.Message.Split('.')[0]})");
                }
            default:
                return (JsonValue.Create(text), null);
        }
    }

    private static (JsonNode?, string?) Number(Field field, string text) =>
        field.Kind == FieldKind.Integer
            ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? (JsonValue.Create(whole), null) : (null, "expected an integer")
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? (JsonValue.Create(number), null) : (null, "expected a number");

    /// <summary>The Admin API's message for the field, from a Kong error body's "fields" (nested for records).</summary>
    public static string? ErrorOf(JsonNode? errors, string name) => errors?[name] switch
    {
        JsonValue value => value.ToString(),
        JsonArray list => string.Join("; ", list.Select(e => e?.ToString())),
        JsonObject nested when nested["@entity"] is { } entity => string.Join("; ", entity.AsArray().Select(e => e?.ToString())),
        _ => null,
    };
}
