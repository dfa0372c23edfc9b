using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tollgate.Config;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// Kong's proxy-cache Admin API inside a tenant: purge everything, one key, or one plugin's key, and look a key up.
/// The caches live on the gateway nodes, so each call goes to every node of the tenant's pool through its hub.
/// </summary>
public static class ProxyCacheApi
{
    public static async Task<IResult> Handle(HttpContext context, ITenantGrain tenant, IGrainFactory grains, string slug, string[] segments)
    {
        var (plugin, key, error) = segments switch
        {
            ["proxy-cache"] => (null, null, null),
            ["proxy-cache", var k] => ((Guid?)null, k, null),
            ["proxy-cache", var p, "caches", var k] => Guid.TryParse(p, out var id) ? (id, k, null) : ((Guid?)null, (string?)null, KongError.NotFound()),
            _ => (null, null, KongError.NotFound()),
        };
        if (error is not null) return AdminResults.Send(error);
        if (await tenant.GetRecord() is not { } record) return AdminResults.Send(KongError.NotFound());
        var hub = grains.GetGrain<IConfigHubGrain>(record.Pool);
        var method = context.Request.Method;
        if (HttpMethods.IsDelete(method))
        {
            var purged = await hub.PurgeCache(slug, plugin, key);
            return key is not null && purged == 0 ? AdminResults.Send(KongError.NotFound()) : Results.NoContent();
        }
        if (HttpMethods.IsGet(method) && key is not null)
        {
            return await hub.FindCached(slug, plugin, key) is { } entry
                ? AdminResults.Send(new AdminResponse(200, Describe(key, entry).ToJsonString(KongJson.Options)))
                : AdminResults.Send(KongError.NotFound());
        }
        return AdminResults.MethodNotAllowed();
    }

    private static JsonObject Describe(string key, CachedEntry entry) => new()
    {
        ["key"] = key,
        ["plugin"] = new JsonObject { ["id"] = entry.Plugin.ToString() },
        ["status"] = entry.Status,
        ["headers"] = new JsonObject([.. entry.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
        ["body_len"] = entry.BodyLength,
        ["timestamp"] = entry.Timestamp,
        ["ttl"] = entry.Ttl,
    };
}
