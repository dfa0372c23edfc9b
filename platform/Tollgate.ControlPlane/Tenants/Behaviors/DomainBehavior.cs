using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Secrets;

namespace Tollgate.Tenants.Behaviors;

/// <summary>
/// A claimed host. A claim keeps its verification while its name stays; a new or renamed claim starts verified only
/// when verification is off, and otherwise gets a token to publish in DNS. A claim a route still uses cannot go.
/// </summary>
internal sealed class DomainBehavior : EntityBehavior
{
    /// <summary>The hosts the tenant holds: its claims, verified ones only when verification is on.</summary>
    public static IReadOnlyCollection<string> Claimed(EntityStore store) =>
        store.All(store.Catalog.Get("domains"))
            .Where(d => d["verified"]?.GetValue<bool>() != false)
            .Select(d => d["name"]!.GetValue<string>().ToLowerInvariant())
            .ToHashSet();

    /// <summary>Records that the claim's TXT record was found; answers the claim as the Admin API shows it.</summary>
    public static AdminResponse MarkVerified(EntityOperations tenant, JsonObject domain, long now)
    {
        var schema = tenant.Store.Catalog.Get("domains");
        var verified = (JsonObject)domain.DeepClone();
        verified["verified"] = true;
        verified["updated_at"] = now;
        tenant.Store.Put(schema, verified);
        return new AdminResponse(200, tenant.View(schema, verified).ToJsonString(KongJson.Options));
    }

    public override string? Complete(EntityOperations tenant, JsonObject entity, JsonObject? existing, long now)
    {
        var renamed = existing is not null && existing["name"]!.GetValue<string>() != entity["name"]!.GetValue<string>();
        if (existing is not null && !renamed)
        {
            entity["verified"] = existing["verified"]?.DeepClone();
            entity["verification_token"] = existing["verification_token"]?.DeepClone();
        }
        else if (renamed || entity["verified"] is null)
        {
            entity["verified"] = !tenant.Hosts.VerifyDomains;
            entity["verification_token"] = tenant.Hosts.VerifyDomains ? SecretHasher.NewSecret() : null;
        }
        return null;
    }

    public override void Decorate(EntityOperations tenant, JsonObject view, JsonObject entity)
    {
        var verified = entity["verified"]?.GetValue<bool>() != false;
        view["verified"] = verified;
        if (!verified && entity["verification_token"]?.GetValue<string>() is { } token)
        {
            var name = entity["name"]!.GetValue<string>();
            view["verification"] = new JsonObject
            {
                ["type"] = "TXT",
                ["name"] = HostRules.ChallengeName(name),
                ["value"] = HostRules.ChallengeValue(token),
            };
        }
    }

    public override AdminResponse? Deleting(EntityOperations tenant, JsonObject entity)
    {
        var remaining = Claimed(tenant.Store).Where(c => c != entity["name"]!.GetValue<string>().ToLowerInvariant()).ToHashSet();
        var route = tenant.Store.All(tenant.Store.Catalog.Get("routes")).FirstOrDefault(r =>
            r["hosts"] is JsonArray list && list.Any(h => tenant.Hosts.Problem(h!.GetValue<string>(), remaining) is not null));
        return route is null
            ? null
            : KongError.Body(400, 4, "foreign key violation",
                $"route '{route["name"]?.GetValue<string>() ?? route["id"]!.GetValue<string>()}' uses a host of this domain",
                new JsonObject { ["@referenced_by"] = "routes" });
    }
}
