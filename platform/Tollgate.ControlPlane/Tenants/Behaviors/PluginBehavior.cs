using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Gateway.Plugins;

namespace Tollgate.Tenants.Behaviors;

/// <summary>
/// A plugin must be one the gateways run, in a scope it accepts, with a config its own schema accepts; the config is
/// stored normalised, with Kong's defaults filled in.
/// </summary>
internal sealed class PluginBehavior : EntityBehavior
{
    public override void Check(EntityOperations tenant, JsonObject entity, FieldErrors errors) => Normalize(entity, errors);

    /// <summary>Checks the plugin's name, scope and config; fills in the config's defaults when valid.</summary>
    public static void Normalize(JsonObject entity, FieldErrors errors)
    {
        var name = entity["name"]!.GetValue<string>();
        if (PluginRegistry.Find(name) is not { } plugin)
        {
            errors.Add("name", $"plugin '{name}' not enabled; add it to the 'plugins' configuration property");
            return;
        }
        if (plugin.Schema.NoConsumer && entity["consumer"] is not null)
        {
            errors.Add("consumer", "value must be null");
        }
        if (plugin.Schema.Validate(entity["config"], errors) is { } config)
        {
            entity["config"] = config;
        }
    }
}
