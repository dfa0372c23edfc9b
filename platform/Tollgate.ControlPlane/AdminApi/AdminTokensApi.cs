using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// /{tenant}/admin-tokens: a tenant's admin tokens. A new token is shown once; lists show only ids and names;
/// deleting one revokes it at once. Lets a tenant rotate a leaked token without the operator.
/// </summary>
public static class AdminTokensApi
{
    public static async Task<IResult> Handle(HttpContext context, ITenantGrain tenant, string? id)
    {
        var services = context.RequestServices;
        var issuer = services.GetRequiredService<AdminTokens>();
        var method = context.Request.Method;
        if (id is null && HttpMethods.IsGet(method))
        {
            var tokens = await tenant.AdminTokens();
            return tokens is null
                ? AdminResults.Send(KongError.NotFound())
                : AdminResults.Send(new AdminResponse(200, new JsonObject
                {
                    ["data"] = new JsonArray(tokens.Select(t => (JsonNode?)View(t)).ToArray()),
                    ["next"] = null,
                }.ToJsonString(KongJson.Options)));
        }
        if (id is null && HttpMethods.IsPost(method))
        {
            var (body, error) = await RequestBody.ReadObject(context.Request, null);
            if (error is not null) return AdminResults.Send(error);
            var unknown = body!.Select(p => p.Key).FirstOrDefault(k => k != "name");
            if (unknown is not null) return AdminResults.Send(KongError.SchemaViolation(unknown, "unknown field"));
            if (body!["name"] is { } nameNode && nameNode.GetValueKind() != System.Text.Json.JsonValueKind.String)
                return AdminResults.Send(KongError.SchemaViolation("name", "expected a string"));
            if (await issuer.Issue(tenant, body["name"]?.GetValue<string>() ?? "admin") is not var (token, info))
                return AdminResults.Send(KongError.NotFound());
            var view = View(info);
            view["token"] = token;
            return AdminResults.Send(new AdminResponse(201, view.ToJsonString(KongJson.Options)));
        }
        if (id is not null && HttpMethods.IsDelete(method))
        {
            if (Guid.TryParse(id, out var tokenId)) await issuer.Revoke(tenant, tokenId);
            return Results.NoContent();
        }
        return AdminResults.MethodNotAllowed();
    }

    private static JsonObject View(AdminTokenInfo token) => new()
    {
        ["id"] = token.Id.ToString(),
        ["name"] = token.Name,
        ["created_at"] = token.CreatedAt,
    };
}
