using Microsoft.AspNetCore.Http;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// Every path inside a tenant (Kong workspace): /{tenant}/{collection}[/{key}[/{nested}[/{key}]]], /{tenant}/config
/// and /{tenant}/tags. A tenant's own token may leave out the /{tenant} prefix, so Kong scripts run unchanged.
/// </summary>
public static class WorkspaceApi
{
    public static async Task<IResult> Handle(HttpContext context, AdminAuthenticator authenticator, IGrainFactory grains)
    {
        var principal = await authenticator.Authenticate(context.Request);
        if (principal is null)
        {
            return AdminResults.Unauthorized();
        }
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return AdminResults.Send(KongError.NotFound());
        }
        string tenant;
        if (IsWorkspaceLevel(segments[0]))
        {
            if (principal.Tenant is null)
            {
                return AdminResults.Send(KongError.Message(404, "Not found: name the workspace, as in /{tenant}" + context.Request.Path));
            }
            tenant = principal.Tenant;
        }
        else
        {
            tenant = segments[0];
            segments = segments[1..];
            if (TenantSlug.Problem(tenant) is not null)
            {
                return AdminResults.Send(KongError.NotFound());
            }
        }
        if (!principal.MayActOn(tenant))
        {
            return AdminResults.Forbidden();
        }
        AuditLog.Set(principal.Caller, "admin-api");
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        return segments switch
        {
            ["config"] => await ConfigApi.Handle(context, grain),
            ["proxy-cache", ..] => await ProxyCacheApi.Handle(context, grain, grains, tenant, segments),
            ["analytics", ..] => await AnalyticsApi.Handle(context, tenant, segments),
            ["billing", ..] => await BillingApi.Handle(context, tenant, segments),
            ["admin-tokens"] => await AdminTokensApi.Handle(context, grain, null),
            ["admin-tokens", var tokenId] => await AdminTokensApi.Handle(context, grain, tokenId),
            ["tags"] when HttpMethods.IsGet(context.Request.Method) => AdminResults.Send(await grain.Tags(null, Query(context, tenant))),
            ["tags", var tag] when HttpMethods.IsGet(context.Request.Method) => AdminResults.Send(await grain.Tags(tag, Query(context, tenant))),
            ["tags", ..] => AdminResults.MethodNotAllowed(),
            ["domains", var domain, "verify"] => HttpMethods.IsPost(context.Request.Method)
                ? AdminResults.Send(await grain.VerifyDomain(domain))
                : Options(context, "OPTIONS, POST"),
            ["upstreams", var upstream, "health"] => HttpMethods.IsGet(context.Request.Method)
                ? AdminResults.Send(await UpstreamHealthView.Of(grain, grains, upstream))
                : Options(context, "GET, OPTIONS"),
            ["consumer_groups" or "consumers", var key, "consumers" or "consumer_groups"] when IsMembership(segments) =>
                await Membership(context, grain, segments[0], key, null),
            ["consumer_groups" or "consumers", var key, "consumers" or "consumer_groups", var other] when IsMembership(segments) =>
                await Membership(context, grain, segments[0], key, other),
            [var collection] => await Collection(context, grain, tenant, new EntityAddress(collection), EntityCatalog.Kong.ByEndpoint(collection)),
            [var collection, var key] => await Entity(context, grain, new EntityAddress(collection, key), EntityCatalog.Kong.ByEndpoint(collection)),
            [var parent, var parentKey, var nested] => await Nested(context, grain, tenant, parent, parentKey, nested),
            [var parent, var parentKey, var nested, var key] =>
                await Entity(context, grain, new EntityAddress(nested, key, parent, parentKey), NestedSchema(parent, nested)),
            _ => AdminResults.Send(KongError.NotFound()),
        };
    }

    private static bool IsMembership(string[] segments) => segments[0] != segments[2];

    /// <summary>Kong's consumer group membership: list, join (POST) and leave (DELETE), from either side.</summary>
    private static async Task<IResult> Membership(HttpContext context, ITenantGrain grain, string collection, string key, string? other)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) && other is null)
        {
            return AdminResults.Send(await grain.ListMembership(collection, key));
        }
        if (HttpMethods.IsPost(method) && other is null)
        {
            var (body, error) = await RequestBody.ReadObject(context.Request, null);
            return AdminResults.Send(error ?? await grain.Join(collection, key, body!.ToJsonString(KongJson.Options)));
        }
        if (HttpMethods.IsDelete(method))
        {
            return AdminResults.Send(await grain.Leave(collection, key, other));
        }
        return Options(context, other is null ? "DELETE, GET, OPTIONS, POST" : "DELETE, OPTIONS");
    }

    /// <summary>Whether the first path segment is a workspace-level path rather than a tenant slug.</summary>
    private static bool IsWorkspaceLevel(string segment) =>
        segment is "config" or "tags" or "admin-tokens" or "proxy-cache" or "analytics" or "billing" || EntityCatalog.Kong.ByEndpoint(segment) is not null;

    private static async Task<IResult> Collection(HttpContext context, ITenantGrain grain, string tenant, EntityAddress address, EntitySchema? schema)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return ListResult(await grain.List(address, Query(context, tenant)), context);
        }
        if (HttpMethods.IsPost(method))
        {
            var (body, error) = await RequestBody.ReadObject(context.Request, schema);
            return AdminResults.Send(error ?? await grain.Insert(address, body!.ToJsonString(KongJson.Options)));
        }
        return Options(context, "GET, HEAD, OPTIONS, POST");
    }

    private static async Task<IResult> Entity(HttpContext context, ITenantGrain grain, EntityAddress address, EntitySchema? schema)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return AdminResults.Send(await grain.Get(address));
        }
        if (HttpMethods.IsDelete(method))
        {
            return AdminResults.Send(await grain.Remove(address));
        }
        if (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method))
        {
            var (body, error) = await RequestBody.ReadObject(context.Request, schema);
            if (error is not null)
            {
                return AdminResults.Send(error);
            }
            var json = body!.ToJsonString(KongJson.Options);
            return AdminResults.Send(HttpMethods.IsPut(method) ? await grain.Upsert(address, json) : await grain.Patch(address, json));
        }
        return Options(context, "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
    }

    private static async Task<IResult> Nested(HttpContext context, ITenantGrain grain, string tenant, string parent, string parentKey, string nested)
    {
        var schema = NestedSchema(parent, nested);
        var address = new EntityAddress(nested, null, parent, parentKey);
        if (schema is not null)
        {
            return await Collection(context, grain, tenant, address, schema);
        }
        // /routes/{r}/service and the like: the entity a reference points at.
        if (HttpMethods.IsGet(context.Request.Method))
        {
            return AdminResults.Send(await grain.Get(address));
        }
        return Options(context, "GET, HEAD, OPTIONS");
    }

    private static EntitySchema? NestedSchema(string parent, string nested) =>
        EntityCatalog.Kong.ByEndpoint(parent) is { } parentSchema ? EntityCatalog.Kong.Nested(parentSchema, nested)?.Child : null;

    private static IResult Options(HttpContext context, string allow)
    {
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.Headers.Allow = allow;
            return Results.NoContent();
        }
        return AdminResults.MethodNotAllowed();
    }

    public static ListQuery Query(HttpContext context, string tenant)
    {
        var query = context.Request.Query;
        var size = 100;
        if (query.TryGetValue("size", out var sizeText) && !int.TryParse(sizeText, out size))
        {
            size = -1;
        }
        return new ListQuery(size, query["offset"].FirstOrDefault(), query["tags"].FirstOrDefault(), query["custom_id"].FirstOrDefault());
    }

    /// <summary>Adds Kong's "next" link (the same path and filters at the next offset) to a page.</summary>
    private static IResult ListResult(AdminResponse response, HttpContext context)
    {
        if (response.Status != 200 || response.Body is null)
        {
            return AdminResults.Send(response);
        }
        var body = System.Text.Json.Nodes.JsonNode.Parse(response.Body)!.AsObject();
        var offset = body["offset"]?.GetValue<string>();
        var filters = context.Request.Query.Where(q => q.Key != "offset").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}");
        body["next"] = offset is null ? null : $"{context.Request.Path}?{string.Join("&", filters.Append($"offset={offset}"))}";
        return Results.Text(body.ToJsonString(KongJson.Options), "application/json; charset=utf-8");
    }
}
