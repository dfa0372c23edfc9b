using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Gateway.Plugins;

/// <summary>
/// Kong's schema of a plugin: its config fields (types, defaults, rules), the checks across them, and the scopes it
/// accepts. The Admin API validates every write with it and the gateway normalises with it before parsing, so both
/// sides read a config the same way.
/// </summary>
public sealed record PluginSchema(params Field[] Config)
{
    /// <summary>Checks across config fields of a valid config (Kong's entity_checks), reported under "config.@entity".</summary>
    public Func<JsonObject, IEnumerable<string>>? Checks { get; init; }
    /// <summary>Whether the plugin refuses a consumer scope (Kong's no_consumer, e.g. auth plugins).</summary>
    public bool NoConsumer { get; init; }

    public Field Record => Field.Record("config", [.. Config]);

    /// <summary>Answers the config with defaults filled, or null with <paramref name="errors"/> under "config".</summary>
    public JsonObject? Validate(JsonNode? config, FieldErrors errors)
    {
        var normalized = SchemaValidator.Value(Record, config ?? new JsonObject(), out var error) as JsonObject;
        if (error is not null)
        {
            errors.Add("config", error);
            return null;
        }
        var failed = Checks?.Invoke(normalized!).ToArray() ?? [];
        if (failed.Length > 0)
        {
            errors.Add("config", new JsonObject { ["@entity"] = new JsonArray([.. failed.Select(m => (JsonNode?)m)]) });
            return null;
        }
        return normalized;
    }

    /// <summary>Kong's at_least_one_of check.</summary>
    public static Func<JsonObject, IEnumerable<string>> AtLeastOneOf(params string[] fields) => config =>
        fields.Any(f => config[f] is not null)
            ? []
            : [$"at least one of these fields must be non-empty: {string.Join(", ", fields.Select(f => $"'config.{f}'"))}"];
}
