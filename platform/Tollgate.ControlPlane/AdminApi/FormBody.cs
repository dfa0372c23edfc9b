using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Tollgate.Entities;

namespace Tollgate.AdminApi;

/// <summary>
/// Kong's form encoding (curl -d name=x -d paths[]=/a -d service.id=… -d config.minute=5) turned into the JSON
/// entity it stands for, with each value typed by the schema field it lands in.
/// </summary>
public static class FormBody
{
    public static JsonObject ToJson(EntitySchema? schema, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var pairs = form.ToList();
        var fields = schema?.Fields;
        // A plugin's config is typed by that plugin's own schema.
        if (schema?.Name == "plugins" && pairs.FirstOrDefault(p => p.Key == "name").Value.ToString() is { Length: > 0 } name
            && Gateway.Plugins.PluginRegistry.Find(name) is { } plugin)
        {
            fields = [.. fields!.Select(f => f.Name == "config" ? plugin.Schema.Record : f)];
        }
        var root = new JsonObject();
        foreach (var (key, values) in pairs)
        {
            var segments = key.Split('.').Select(StripIndex).ToArray();
            Assign(root, fields, segments, values, isList: key.EndsWith(']'));
        }
        return root;
    }

    private static string StripIndex(string segment)
    {
        var bracket = segment.IndexOf('[');
        return bracket > 0 && segment.EndsWith(']') ? segment[..bracket] : segment;
    }

    /// <param name="isList">The key ended in [] or [n]: the value is a list even where the schema does not say so.</param>
    private static void Assign(JsonObject target, IReadOnlyList<Field>? fields, string[] segments, StringValues values, bool isList)
    {
        var name = segments[0];
        var field = fields?.FirstOrDefault(f => f.Name == name);
        if (segments.Length > 1)
        {
            var child = target[name] as JsonObject ?? new JsonObject();
            target[name] = child;
            var nestedFields = field?.Kind switch
            {
                FieldKind.Record => field.Fields,
                FieldKind.Map when field.Elements is { } elements => [elements with { Name = segments[1] }],
                _ => null,
            };
            Assign(child, nestedFields, segments[1..], values, isList);
            return;
        }
        var kind = field?.Kind ?? FieldKind.Any;
        if (kind is FieldKind.Array or FieldKind.Set || (isList && kind == FieldKind.Any))
        {
            var array = target[name] as JsonArray ?? new JsonArray();
            target[name] = array;
            foreach (var value in values) array.Add(Typed(field?.Elements?.Kind ?? FieldKind.Any, value));
            return;
        }
        target[name] = values.Count > 1
            ? new JsonArray(values.Select(v => Typed(kind, v)).ToArray())
            : Typed(kind, values.ToString());
    }

    /// <summary>The value as the field's type when it reads as one; otherwise the text, for the validator to name.</summary>
    private static JsonNode? Typed(FieldKind kind, string? text)
    {
        if (text is null) return null;
        switch (kind)
        {
            case FieldKind.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                return integer;
            case FieldKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return number;
            case FieldKind.Boolean when bool.TryParse(text, out var flag):
                return flag;
            case FieldKind.Any:
                if (bool.TryParse(text, out var anyFlag)) return anyFlag;
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var anyInteger)) return anyInteger;
                return text;
            default:
                return text;
        }
    }
}
