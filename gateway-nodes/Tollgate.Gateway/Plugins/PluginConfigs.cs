using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins;

/// <summary>Reads fields of a plugin config that its <see cref="PluginSchema"/> has normalised (defaults filled in).</summary>
public static class PluginConfigs
{
    public static bool Bool(this JsonObject config, string field) => config[field]?.GetValueKind() == JsonValueKind.True;

    public static string? String(this JsonObject config, string field) =>
        config[field] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public static double? Number(this JsonObject config, string field) =>
        config[field] is { } node && node.GetValueKind() == JsonValueKind.Number ? double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture) : null;

    public static string[] Strings(this JsonObject config, string field) =>
        config[field] is JsonArray array ? [.. array.Select(e => e!.GetValue<string>())] : [];
}
