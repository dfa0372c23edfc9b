using System.Text.Json.Nodes;
using Tollgate.Billing;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// A plan's entity limits at the Admin API: a write that would take services, routes or consumers past the plan's
/// limit is refused whole with 403 naming the limit. A tenant already over (after a downgrade) may still delete and
/// edit, only not grow.
/// </summary>
internal static class PlanLimits
{
    private static readonly string[] Limited = ["services", "routes", "consumers"];

    public static Dictionary<string, int> Counts(EntityStore store) => Limited.ToDictionary(c => c, store.Count);

    public static AdminResponse? Check(Plan plan, EntityStore store, Dictionary<string, int> before)
    {
        foreach (var collection in Limited)
        {
            var count = store.Count(collection);
            if (plan.LimitOf(collection) is not { } limit || count <= limit || count <= before[collection]) continue;
            var body = new JsonObject
            {
                ["message"] = $"plan '{plan.Name}' allows at most {limit} {collection}; this change would make {count}. Upgrade the plan or remove some first.",
                ["limit"] = collection,
                ["plan"] = plan.Name,
                ["max"] = limit,
            };
            return new AdminResponse(403, body.ToJsonString(KongJson.Options));
        }
        return null;
    }
}
