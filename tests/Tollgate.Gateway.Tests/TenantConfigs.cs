using System.Text.Json.Nodes;
using Tollgate.Config;
using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Config;
using Tollgate.Tenants;

namespace Tollgate.Gateway;

/// <summary>Compiles Kong-shaped entities, as the control plane stores them, into a tenant runtime for tests.</summary>
internal static class TenantConfigs
{
    public static readonly TenantRecord Acme = new(Guid.NewGuid(), "acme", "Acme", "free", "shared", 0, 0);

    public static TenantRuntime Compile(params (string Collection, string Json)[] entities) =>
        TenantCompiler.Compile(Acme, 1, entities.Select(e => Document(e.Collection, e.Json)), new TenantHealth());

    public static EntityDocument Document(string collection, string json)
    {
        var entity = JsonNode.Parse(json)!.AsObject();
        entity["id"] ??= Guid.NewGuid().ToString();
        return new EntityDocument(collection, Guid.Parse(entity["id"]!.GetValue<string>()), entity.ToJsonString());
    }

    public static string Service(string id, string? path = null) =>
        new JsonObject
        {
            ["id"] = id, ["name"] = "svc", ["protocol"] = "http", ["host"] = "upstream.internal", ["port"] = 80, ["path"] = path,
            ["retries"] = 5, ["connect_timeout"] = 60000, ["write_timeout"] = 60000, ["read_timeout"] = 60000, ["enabled"] = true,
        }.ToJsonString();

    /// <summary>A route on service <paramref name="serviceId"/> with Kong's defaults, overridden by <paramref name="fields"/>.</summary>
    public static string Route(string name, string serviceId, string fields, long createdAt = 0)
    {
        var route = new JsonObject
        {
            ["name"] = name, ["protocols"] = new JsonArray("http", "https"), ["strip_path"] = true, ["preserve_host"] = false,
            ["path_handling"] = "v0", ["regex_priority"] = 0, ["https_redirect_status_code"] = 426, ["created_at"] = createdAt,
            ["service"] = new JsonObject { ["id"] = serviceId },
        };
        foreach (var (key, value) in JsonNode.Parse(fields)!.AsObject()) route[key] = value?.DeepClone();
        return route.ToJsonString();
    }
}
