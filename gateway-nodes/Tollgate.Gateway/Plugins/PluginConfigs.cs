using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins;

/// <summary>Reads plugin config fields with Kong's defaults when a field is absent or null.</summary>
public static class PluginConfigs
{
    public static bool Bool(this JsonObject config, string field, bool fallback) =>
        config[field] is { } node && node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? node.GetValue<bool>() : fallback;

    public static string? String(this JsonObject config, string field, string? fallback = null) =>
        config[field] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : fallback;

    public static double? Number(this JsonObject config, string field) =>
        config[field] is { } node && node.GetValueKind() == JsonValueKind.Number ? double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string[] Strings(this JsonObject config, string field, params string[] fallback) =>
        config[field] is JsonArray array ? array.Select(e => e!.GetValue<string>()).ToArray() : fallback;
}
