using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants.Behaviors;

/// <summary>A route may only name hosts its tenant owns; a bad host is named in its place in "hosts".</summary>
internal sealed class RouteBehavior : EntityBehavior
{
    public override void Check(EntityOperations tenant, JsonObject entity, FieldErrors errors)
    {
        if (entity["hosts"] is not JsonArray list) return;
        var claimed = DomainBehavior.Claimed(tenant.Store);
        var problems = list.Select(h => tenant.Hosts.Problem(h!.GetValue<string>(), claimed)).ToList();
        if (problems.Any(p => p is not null))
        {
            errors.Add("hosts", new JsonArray(problems.Select(p => (JsonNode?)p).ToArray()));
        }
    }
}
