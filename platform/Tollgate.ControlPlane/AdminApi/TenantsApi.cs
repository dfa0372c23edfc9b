using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>/tenants: the operator creates, lists, updates and deletes tenants; a tenant's own token may read its record.</summary>
public static class TenantsApi
{

    public static RouteGroupBuilder MapTenants(this RouteGroupBuilder admin)
    {
        admin.MapPost("/tenants", Create);
        admin.MapGet("/tenants", List);
        admin.MapGet("/tenants/{slug}", Get);
        admin.MapPatch("/tenants/{slug}", Update);
        admin.MapDelete("/tenants/{slug}", Delete);
        return admin;
    }

    private static async Task<IResult> Create(HttpContext context, AdminAuthenticator authenticator, TenantProvisioning provisioning)
    {
        if (await Operator(context, authenticator) is { } denied) return denied;
        var (body, error) = await RequestBody.ReadObject(context.Request, null);
        if (error is not null) return AdminResults.Send(error);
        var errors = new FieldErrors();
        foreach (var (key, _) in body!)
        {
            if (key is not ("slug" or "name" or "plan" or "pool")) errors.Add(key, "unknown field");
        }
        var slug = RequestBody.Text(body, "slug", errors, required: true);
        var name = RequestBody.Text(body, "name", errors, required: true);
        var plan = RequestBody.Text(body, "plan", errors, required: false) ?? "free";
        var pool = RequestBody.Text(body, "pool", errors, required: false) ?? "shared";
        provisioning.Check(slug, name, plan, pool, errors);
        if (!errors.IsEmpty) return AdminResults.Send(KongError.SchemaViolation(errors));

        if (await provisioning.Create(slug!, name!, plan, pool, "the Admin API") is not { } created)
        {
            return AdminResults.Send(KongError.UniqueViolation(new JsonObject { ["slug"] = slug }));
        }
        var json = View(created.Tenant);
        json["admin_token"] = created.AdminToken;
        return AdminResults.Send(new AdminResponse(201, json.ToJsonString(KongJson.Options)));
    }

    private static async Task<IResult> List(HttpContext context, AdminAuthenticator authenticator, IGrainFactory grains)
    {
        if (await Operator(context, authenticator) is { } denied) return denied;
        var query = WorkspaceApi.Query(context, "");
        if (query.Size is < 1 or > 1000) return AdminResults.Send(KongError.InvalidSize("size must be an integer between 1 and 1000"));
        string? after = null;
        if (query.Offset is { } offset)
        {
            try { after = Encoding.UTF8.GetString(Convert.FromBase64String(offset)); }
            catch (FormatException) { return AdminResults.Send(KongError.InvalidOffset(offset)); }
        }
        var slugs = await grains.GetGrain<ITenantDirectoryGrain>(0).Page(after, query.Size + 1);
        var data = new JsonArray();
        foreach (var slug in slugs.Take(query.Size))
        {
            if (await grains.GetGrain<ITenantGrain>(slug).GetRecord() is { } tenant) data.Add(View(tenant));
        }
        var body = new JsonObject { ["data"] = data, ["next"] = null };
        if (slugs.Count > query.Size)
        {
            var next = Convert.ToBase64String(Encoding.UTF8.GetBytes(slugs[query.Size - 1]));
            body["offset"] = next;
            body["next"] = $"/tenants?size={query.Size}&offset={Uri.EscapeDataString(next)}";
        }
        return AdminResults.Send(new AdminResponse(200, body.ToJsonString(KongJson.Options)));
    }

    private static async Task<IResult> Get(string slug, HttpContext context, AdminAuthenticator authenticator, IGrainFactory grains)
    {
        var principal = await authenticator.Authenticate(context.Request);
        if (principal is null) return AdminResults.Unauthorized();
        if (!principal.MayActOn(slug)) return AdminResults.Forbidden();
        var tenant = TenantSlug.Problem(slug) is null ? await grains.GetGrain<ITenantGrain>(slug).GetRecord() : null;
        return AdminResults.Send(tenant is null ? KongError.NotFound() : new AdminResponse(200, View(tenant).ToJsonString(KongJson.Options)));
    }

    private static async Task<IResult> Update(string slug, HttpContext context, AdminAuthenticator authenticator, IGrainFactory grains, TenantProvisioning provisioning)
    {
        if (await Operator(context, authenticator) is { } denied) return denied;
        if (TenantSlug.Problem(slug) is not null) return AdminResults.Send(KongError.NotFound());
        var (body, error) = await RequestBody.ReadObject(context.Request, null);
        if (error is not null) return AdminResults.Send(error);
        var errors = new FieldErrors();
        foreach (var (key, _) in body!)
        {
            if (key is not ("name" or "plan" or "pool")) errors.Add(key, key == "slug" ? "immutable field cannot be updated" : "unknown field");
        }
        var name = RequestBody.Text(body, "name", errors, required: false);
        var plan = RequestBody.Text(body, "plan", errors, required: false);
        var pool = RequestBody.Text(body, "pool", errors, required: false);
        provisioning.Check(null, name, plan, pool, errors);
        if (!errors.IsEmpty) return AdminResults.Send(KongError.SchemaViolation(errors));
        var tenant = await grains.GetGrain<ITenantGrain>(slug).UpdateRecord(name, plan, pool);
        return AdminResults.Send(tenant is null ? KongError.NotFound() : new AdminResponse(200, View(tenant).ToJsonString(KongJson.Options)));
    }

    private static async Task<IResult> Delete(string slug, HttpContext context, AdminAuthenticator authenticator, IGrainFactory grains)
    {
        if (await Operator(context, authenticator) is { } denied) return denied;
        if (TenantSlug.Problem(slug) is not null) return Results.NoContent();
        // Grants go first: a deletion cut short leaves a tenant nobody but the operator can reach, never a token
        // that would open a later tenant of the same slug. The slug is freed last.
        var tenant = grains.GetGrain<ITenantGrain>(slug);
        if (await tenant.Removal() is { } removal)
        {
            foreach (var hash in removal.AdminTokenHashes) await grains.GetGrain<IAdminTokenGrain>(hash).Revoke();
            foreach (var host in removal.ClaimedHosts) await grains.GetGrain<IHostClaimGrain>(host).Release(slug);
            await grains.GetGrain<Billing.IBillingGrain>(slug).Close();
            await tenant.Destroy();
            await grains.GetGrain<ITenantDirectoryGrain>(0).Release(slug);
        }
        return Results.NoContent();
    }

    private static async Task<IResult?> Operator(HttpContext context, AdminAuthenticator authenticator)
    {
        var principal = await authenticator.Authenticate(context.Request);
        return principal is null ? AdminResults.Unauthorized() : principal.IsOperator ? null : AdminResults.Forbidden();
    }

    private static JsonObject View(TenantRecord tenant) => new()
    {
        ["id"] = tenant.Id.ToString(),
        ["slug"] = tenant.Slug,
        ["name"] = tenant.Name,
        ["plan"] = tenant.Plan,
        ["pool"] = tenant.Pool,
        ["created_at"] = tenant.CreatedAt,
        ["updated_at"] = tenant.UpdatedAt,
    };
}
