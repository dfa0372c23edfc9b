using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Gateway.Plugins;

/// <summary>A plugin config checked by its schema, as the Admin API and the gateway both check it.</summary>
internal static class PluginConfigCases
{
    /// <summary>The typed config of a valid config document.</summary>
    public static TConfig Valid<TConfig>(GatewayPlugin<TConfig> plugin, string json = "{}") where TConfig : class
    {
        var errors = new FieldErrors();
        var config = plugin.Schema.Validate(JsonNode.Parse(json), errors);
        Assert.True(config is not null, string.Join("; ", errors.Flatten()));
        return plugin.Parse(Guid.NewGuid(), config!);
    }

    /// <summary>Kong's "field: message" lines for an invalid config document, e.g. "config.minute: expected a number".</summary>
    public static string[] Refused(IGatewayPlugin plugin, string json)
    {
        var errors = new FieldErrors();
        Assert.Null(plugin.Schema.Validate(JsonNode.Parse(json), errors));
        return [.. errors.Flatten()];
    }
}
