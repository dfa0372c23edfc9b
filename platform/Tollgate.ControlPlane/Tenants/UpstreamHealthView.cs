using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// Kong's GET /upstreams/{upstream}/health: each target with its health as the gateway nodes report it. Without
/// health checks on the upstream a target is HEALTHCHECKS_OFF; with them, HEALTHY until a node reports otherwise.
/// </summary>
public static class UpstreamHealthView
{
    public static async Task<AdminResponse> Of(ITenantGrain tenant, IGrainFactory grains, string upstreamKey)
    {
        var found = await tenant.Get(new EntityAddress("upstreams", upstreamKey));
        if (!found.IsSuccess) return found;
        var upstream = JsonNode.Parse(found.Body!)!;
        var id = Guid.Parse(upstream["id"]!.GetValue<string>());
        var checks = Checked(upstream["healthchecks"]);
        var listed = await tenant.List(new EntityAddress("targets", null, "upstreams", upstreamKey), new ListQuery(1000));
        var summary = (await grains.GetGrain<IUpstreamHealthGrain>(tenant.GetPrimaryKeyString()).Summary())
            .Where(s => s.Upstream == id).ToDictionary(s => s.Target);
        var targets = JsonNode.Parse(listed.Body!)!["data"]!.AsArray();
        foreach (var target in targets.OfType<JsonObject>())
        {
            var address = target["target"]!.GetValue<string>();
            target["health"] = !checks ? "HEALTHCHECKS_OFF" : summary.GetValueOrDefault(address)?.Health ?? "HEALTHY";
            if (summary.GetValueOrDefault(address) is { } reported)
            {
                target["data"] = new JsonObject { ["healthy_nodes"] = reported.HealthyNodes, ["unhealthy_nodes"] = reported.UnhealthyNodes };
            }
        }
        return new AdminResponse(200, new JsonObject { ["data"] = targets.DeepClone(), ["next"] = null }.ToJsonString(KongJson.Options));
    }

    /// <summary>Whether the upstream's checks can take a target out of rotation (Kong: an interval or a counter above zero).</summary>
    private static bool Checked(JsonNode? healthchecks)
    {
        static long Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;
        var active = healthchecks?["active"];
        var passive = healthchecks?["passive"];
        return Number(active?["healthy"]?["interval"]) > 0 || Number(active?["unhealthy"]?["interval"]) > 0
            || new[] { passive?["healthy"]?["successes"], passive?["unhealthy"]?["http_failures"], passive?["unhealthy"]?["tcp_failures"], passive?["unhealthy"]?["timeouts"] }
                .Any(n => Number(n) > 0);
    }
}
