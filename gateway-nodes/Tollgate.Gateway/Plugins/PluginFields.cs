using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Gateway.Plugins;

/// <summary>Builders for the config fields plugin schemas use most, in Kong's shape: a default makes a field required.</summary>
public static class PluginFields
{
    public static Field Flag(string name, bool fallback) => Field.Boolean(name) with { Default = fallback, Required = true };

    public static Field Text(string name, string? fallback = null) =>
        Field.String(name) with { Default = fallback, Required = fallback is not null };

    public static Field Choice(string name, string? fallback, params string[] options) => Text(name, fallback) with { OneOf = options };

    public static Field Whole(string name, long? fallback = null, long? min = null, long? max = null) =>
        Field.Integer(name) with { Default = fallback, Required = fallback is not null, Min = min, Max = max };

    /// <summary>A number that must be greater than zero when set (Kong's gt = 0).</summary>
    public static Field Positive(string name, double? fallback = null) =>
        new Field(name, FieldKind.Number) { Default = fallback, Required = fallback is not null, Rule = v => v.GetValue<double>() > 0 ? null : "value must be greater than 0" };

    public static Field Texts(string name, params string[] fallback) => Texts(name, Field.String(name), fallback);

    public static Field Texts(string name, Field element, params string[] fallback) => new(name, FieldKind.Array)
    {
        Elements = element,
        Default = fallback.Length == 0 ? null : new JsonArray([.. fallback.Select(v => (JsonNode?)v)]),
        Required = fallback.Length > 0,
    };

    /// <summary>Kong's custom_fields_by_lua of the log plugins: accepted empty, refused otherwise, since the gateway runs no Lua.</summary>
    public static Field NoLua() => new("custom_fields_by_lua", FieldKind.Map)
    {
        Elements = Field.Any("value") with { Rule = _ => "custom_fields_by_lua is not supported: Tollgate gateways do not run Lua" },
    };

    /// <summary>A regular expression, checked once when the config is written.</summary>
    public static Field Regex(string name) => Field.String(name) with { Rule = Rules.Regex };
}
