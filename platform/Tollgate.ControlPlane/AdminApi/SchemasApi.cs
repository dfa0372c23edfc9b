using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Entities;
using Tollgate.Gateway.Plugins;
using Tollgate.Tenants.Behaviors;

namespace Tollgate.AdminApi;

/// <summary>Kong's schema endpoints: each entity's and each plugin's schema as JSON, and validation without a write.</summary>
public static class SchemasApi
{
    public static void MapSchemas(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/schemas/plugins/{name}", (string name) =>
            PluginRegistry.Find(name) is { } plugin
                ? Json(SchemaDescription.Kong(PluginEntity(plugin)))
                : AdminResults.Send(KongError.Message(404, $"No plugin named '{name}'")));
        admin.MapGet("/schemas/{entity}", (string entity) =>
            EntityCatalog.Kong.ByEndpoint(entity) is { } schema
                ? Json(SchemaDescription.Kong(schema))
                : AdminResults.Send(KongError.Message(404, $"No entity named '{entity}'")));
        admin.MapPost("/schemas/{entity}/validate", Validate);
        admin.MapGet("/plugins/enabled", () => Json(new JsonObject
        {
            ["enabled_plugins"] = new JsonArray([.. PluginRegistry.All.Select(p => (JsonNode?)p.Name)]),
        }));
    }

    /// <summary>Checks an entity (a plugin with its own config schema) as a write would, and stores nothing.</summary>
    private static async Task<IResult> Validate(string entity, HttpRequest request)
    {
        if (EntityCatalog.Kong.ByEndpoint(entity) is not { } schema)
        {
            return AdminResults.Send(KongError.Message(404, $"No entity named '{entity}'"));
        }
        var (body, error) = await RequestBody.ReadObject(request, schema);
        if (body is null)
        {
            return AdminResults.Send(error!);
        }
        var errors = new FieldErrors();
        var normalized = SchemaValidator.Normalize(schema, body, errors);
        if (normalized is not null && schema.Name == "plugins")
        {
            PluginBehavior.Normalize(normalized, errors);
        }
        return errors.IsEmpty
            ? Json(new JsonObject { ["message"] = "schema validation successful" })
            : AdminResults.Send(KongError.SchemaViolation(errors));
    }

    /// <summary>The plugin entity's schema with the plugin's own config record in place of "config".</summary>
    private static EntitySchema PluginEntity(IGatewayPlugin plugin)
    {
        var plugins = EntityCatalog.Kong.Get("plugins");
        return plugins with { Fields = [.. plugins.Fields.Select(f => f.Name == "config" ? plugin.Schema.Record with { Required = true } : f)] };
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(KongJson.Options), "application/json");
}
