using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.AdminApi;

/// <summary>The Admin API's OpenAPI 3 document, made from the entity catalog so it always matches what is served.</summary>
public static class OpenApiDocument
{
    public static JsonObject Create(EntityCatalog catalog)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var schema in catalog.Schemas.Where(s => s.Name != "consumer_group_consumers"))
        {
            schemas[schema.Singular] = SchemaDescription.OpenApi(schema);
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schema.Singular}" };
            paths[$"/{{tenant}}/{schema.Endpoint}"] = new JsonObject
            {
                ["parameters"] = Parameters("tenant"),
                ["get"] = Operation(schema.Endpoint, $"List {schema.Endpoint}", "200", Page(reference), query: true),
                ["post"] = Operation(schema.Endpoint, $"Create a {schema.Singular}", "201", reference, body: reference),
            };
            paths[$"/{{tenant}}/{schema.Endpoint}/{{key}}"] = new JsonObject
            {
                ["parameters"] = Parameters("tenant", "key"),
                ["get"] = Operation(schema.Endpoint, $"Get a {schema.Singular} by id{KeyText(schema)}", "200", reference),
                ["put"] = Operation(schema.Endpoint, $"Create or replace a {schema.Singular}", "200", reference, body: reference),
                ["patch"] = Operation(schema.Endpoint, $"Update fields of a {schema.Singular}", "200", reference, body: reference),
                ["delete"] = Operation(schema.Endpoint, $"Delete a {schema.Singular}", "204", null),
            };
        }
        foreach (var parent in catalog.Schemas)
        {
            foreach (var child in catalog.Schemas)
            {
                var segment = child.Name switch { "keyauth_credentials" => "key-auth", "basicauth_credentials" => "basic-auth", _ => child.Endpoint };
                if (catalog.Nested(parent, segment) is not var (nested, _)) continue;
                var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{nested.Singular}" };
                paths[$"/{{tenant}}/{parent.Endpoint}/{{parent}}/{segment}"] = new JsonObject
                {
                    ["parameters"] = Parameters("tenant", "parent"),
                    ["get"] = Operation(parent.Endpoint, $"List the {parent.Singular}'s {segment}", "200", Page(reference), query: true),
                    ["post"] = Operation(parent.Endpoint, $"Create a {nested.Singular} for the {parent.Singular}", "201", reference, body: reference),
                };
            }
        }
        paths["/{tenant}/config"] = new JsonObject
        {
            ["parameters"] = Parameters("tenant"),
            ["get"] = Operation("config", "Export the tenant's config as a Kong declarative document (?format=yaml for YAML)", "200", new JsonObject()),
            ["post"] = Operation("config", "Import a Kong declarative document (YAML or JSON) as one config version; ?check=true validates only", "201", new JsonObject()),
        };
        paths["/{tenant}/tags/{tag}"] = new JsonObject
        {
            ["parameters"] = Parameters("tenant", "tag"),
            ["get"] = Operation("tags", "List entities carrying a tag", "200", new JsonObject()),
        };
        paths["/{tenant}/admin-tokens"] = new JsonObject
        {
            ["parameters"] = Parameters("tenant"),
            ["get"] = Operation("admin-tokens", "List the tenant's admin tokens (ids and names only)", "200", new JsonObject()),
            ["post"] = Operation("admin-tokens", "Issue an admin token; the answer carries it once", "201", new JsonObject(),
                body: new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" } } }),
        };
        paths["/{tenant}/admin-tokens/{id}"] = new JsonObject
        {
            ["parameters"] = Parameters("tenant", "id"),
            ["delete"] = Operation("admin-tokens", "Revoke an admin token at once", "204", null),
        };
        paths["/tenants"] = new JsonObject
        {
            ["get"] = Operation("tenants", "List tenants (operator)", "200", new JsonObject()),
            ["post"] = Operation("tenants", "Create a tenant; the answer carries its first admin token, shown once (operator)", "201", new JsonObject(),
                body: new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("slug", "name"),
                    ["properties"] = new JsonObject
                    {
                        ["slug"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$" },
                        ["name"] = new JsonObject { ["type"] = "string" },
                        ["plan"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("free", "pro", "enterprise") },
                        ["pool"] = new JsonObject { ["type"] = "string", ["default"] = "shared" },
                    },
                }),
        };
        paths["/tenants/{slug}"] = new JsonObject
        {
            ["parameters"] = Parameters("slug"),
            ["get"] = Operation("tenants", "Get a tenant", "200", new JsonObject()),
            ["patch"] = Operation("tenants", "Update a tenant's name, plan or pool (operator)", "200", new JsonObject(), body: new JsonObject()),
            ["delete"] = Operation("tenants", "Delete a tenant and everything in it (operator)", "204", null),
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Tollgate Admin API",
                ["version"] = "1.0",
                ["description"] = "Kong-compatible Admin API. Each tenant is a Kong workspace: /{tenant}/services and so on. "
                    + "A tenant's own token may also call the paths without the /{tenant} prefix.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["adminToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "Kong-Admin-Token" },
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["adminToken"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() }),
        };
    }

    private static string KeyText(EntitySchema schema) => schema.EndpointKey is { } key ? $" or {key}" : "";

    private static JsonArray Parameters(params string[] names) =>
        new(names.Select(n => (JsonNode?)new JsonObject
        {
            ["name"] = n, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" },
        }).ToArray());

    private static JsonObject Page(JsonObject item) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["data"] = new JsonObject { ["type"] = "array", ["items"] = item.DeepClone() },
            ["offset"] = new JsonObject { ["type"] = "string" },
            ["next"] = new JsonObject { ["type"] = "string", ["nullable"] = true },
        },
    };

    private static JsonObject Operation(string tag, string summary, string status, JsonObject? response, JsonObject? body = null, bool query = false)
    {
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(tag),
            ["summary"] = summary,
            ["responses"] = new JsonObject
            {
                [status] = response is null
                    ? new JsonObject { ["description"] = "Done" }
                    : new JsonObject
                    {
                        ["description"] = "OK",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = response.DeepClone() } },
                    },
                ["400"] = new JsonObject { ["description"] = "Schema violation naming every bad field" },
                ["401"] = new JsonObject { ["description"] = "No or unknown admin token" },
                ["403"] = new JsonObject { ["description"] = "The token belongs to another tenant" },
                ["404"] = new JsonObject { ["description"] = "Not found" },
            },
        };
        if (body is not null)
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = body.DeepClone() },
                    ["application/x-www-form-urlencoded"] = new JsonObject { ["schema"] = body.DeepClone() },
                },
            };
        }
        if (query)
        {
            operation["parameters"] = new JsonArray(
                new JsonObject { ["name"] = "size", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "integer", ["default"] = 100, ["maximum"] = 1000 } },
                new JsonObject { ["name"] = "offset", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["name"] = "tags", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" }, ["description"] = "a,b: all of; a/b: any of" });
        }
        return operation;
    }
}
