using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Tollgate.Entities;

namespace Tollgate.Gateway.Plugins;

/// <summary>
/// The transformer plugins' edits of one part of a message (headers, query string, body), applied in Kong's order:
/// remove, rename, replace (only what is there), add (only what is not), append.
/// </summary>
public sealed record Edits(string[] Remove, (string From, string To)[] Rename, (string Name, string Value)[] Replace, (string Name, string Value)[] Add, (string Name, string Value)[] Append)
{
    public static readonly Edits None = new([], [], [], [], []);

    public bool IsEmpty => Remove.Length + Rename.Length + Replace.Length + Add.Length + Append.Length == 0;

    /// <summary>Reads the edits of <paramref name="part"/> from a normalised config's remove/rename/replace/add/append records.</summary>
    public static Edits From(JsonObject config, string part) => new(
        Names(config, "remove", part), Pairs(config, "rename", part), Pairs(config, "replace", part), Pairs(config, "add", part), Pairs(config, "append", part));

    /// <summary>Applies the edits; <paramref name="render"/>, when given, fills in each value's templates first.</summary>
    public void Apply(IDictionary<string, StringValues> values, Func<string, string>? render = null)
    {
        render ??= Verbatim;
        foreach (var name in Remove) values.Remove(name);
        foreach (var (from, to) in Rename)
        {
            if (values.TryGetValue(from, out var value))
            {
                values.Remove(from);
                values[to] = value;
            }
        }
        foreach (var (name, value) in Replace)
        {
            if (values.ContainsKey(name)) values[name] = render(value);
        }
        foreach (var (name, value) in Add)
        {
            if (!values.ContainsKey(name)) values[name] = render(value);
        }
        foreach (var (name, value) in Append)
        {
            values[name] = values.TryGetValue(name, out var existing) ? StringValues.Concat(existing, render(value)) : render(value);
        }
    }

    /// <summary>
    /// Edits the top-level keys of a JSON object. Values are strings unless <paramref name="types"/> (Kong's
    /// json_types of replace, add and append, one per value) says boolean or number; append makes arrays.
    /// </summary>
    public void Apply(JsonObject body, JsonTypes? types = null, Func<string, string>? render = null)
    {
        render ??= Verbatim;
        foreach (var name in Remove) body.Remove(name);
        foreach (var (from, to) in Rename)
        {
            if (body.Remove(from, out var value)) body[to] = value;
        }
        for (var i = 0; i < Replace.Length; i++)
        {
            if (body.ContainsKey(Replace[i].Name)) body[Replace[i].Name] = Typed(render(Replace[i].Value), types?.Replace, i);
        }
        for (var i = 0; i < Add.Length; i++)
        {
            if (!body.ContainsKey(Add[i].Name)) body[Add[i].Name] = Typed(render(Add[i].Value), types?.Add, i);
        }
        for (var i = 0; i < Append.Length; i++)
        {
            var (name, value) = (Append[i].Name, Typed(render(Append[i].Value), types?.Append, i));
            body[name] = body[name] switch
            {
                JsonArray array => new JsonArray([.. array.Select(e => e?.DeepClone()), value]),
                null => new JsonArray(value),
                { } existing => new JsonArray(existing.DeepClone(), value),
            };
        }
    }

    private static string Verbatim(string value) => value;

    /// <summary>Kong's json_types of a response-transformer's replace, add and append values, by position.</summary>
    public sealed record JsonTypes(string[] Replace, string[] Add, string[] Append);

    private static JsonNode? Typed(string value, string[]? types, int index) =>
        (types is not null && index < types.Length ? types[index] : "string") switch
        {
            "boolean" => JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase)),
            "number" when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };

    /// <summary>
    /// An array of "name:value" strings (Kong's colon_string_array); header names are checked as headers, and values
    /// by <paramref name="value"/> when given (request-transformer's templates).
    /// </summary>
    public static Field Pairs(string name, bool headers = false, Func<string, string?>? value = null) => new(name, FieldKind.Array)
    {
        Elements = Field.String(name) with
        {
            Rule = node => (headers ? HeaderPair(node) : Pair(node))
                ?? (value is null ? null : value(node.GetValue<string>()[(node.GetValue<string>().IndexOf(':') + 1)..])),
        },
        Default = new JsonArray(),
        Required = true,
    };

    /// <summary>An array of names (headers when <paramref name="headers"/>), empty by default.</summary>
    public static Field Names(string name, bool headers = false) => new(name, FieldKind.Array)
    {
        Elements = headers ? Field.String(name) with { Rule = Rules.HeaderName } : Field.String(name),
        Default = new JsonArray(),
        Required = true,
    };

    private static string? Pair(JsonNode value)
    {
        var text = value.GetValue<string>();
        return text.IndexOf(':') > 0 ? null : $"invalid value: {text}";
    }

    private static string? HeaderPair(JsonNode value)
    {
        var text = value.GetValue<string>();
        var colon = text.IndexOf(':');
        return colon > 0 ? Rules.HeaderName(JsonValue.Create(text[..colon])) : $"invalid value: {text}";
    }

    private static string[] Names(JsonObject config, string operation, string part) => config[operation]?[part] is JsonArray names
        ? [.. names.Select(n => n!.GetValue<string>())]
        : [];

    private static (string, string)[] Pairs(JsonObject config, string operation, string part) =>
        [.. Names(config, operation, part).Select(Split)];

    private static (string, string) Split(string pair)
    {
        var colon = pair.IndexOf(':');
        return (pair[..colon].Trim(), pair[(colon + 1)..].Trim());
    }
}
