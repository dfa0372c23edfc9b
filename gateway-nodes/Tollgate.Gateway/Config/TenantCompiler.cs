using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Tollgate.Config;
using Tollgate.Entities;
using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Plugins;
using Tollgate.Gateway.Routing;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Config;

/// <summary>
/// Compiles a tenant's entities (as the control plane's snapshot carries them) into a <see cref="TenantRuntime"/>.
/// It costs time in proportion to that tenant's size only. A config that cannot be compiled throws, and the
/// caller keeps serving the previous runtime.
/// </summary>
public static class TenantCompiler
{
    public static TenantRuntime Compile(TenantRecord tenant, long version, IEnumerable<EntityDocument> entities, TenantHealth health)
    {
        var byCollection = entities
            .GroupBy(e => e.Collection)
            .ToDictionary(g => g.Key, g => g.Select(e => JsonNode.Parse(e.Json)!.AsObject()).ToList());
        List<JsonObject> All(string collection) => byCollection.GetValueOrDefault(collection) ?? [];

        var targetsByUpstream = All("targets").ToLookup(t => t["upstream"]!["id"]!.GetValue<string>());
        var upstreams = All("upstreams")
            .Select(u => Upstream(u, targetsByUpstream[u["id"]!.GetValue<string>()], health))
            .ToDictionary(u => u.Name, StringComparer.OrdinalIgnoreCase);
        var services = All("services")
            .Select(s => Service(s, upstreams))
            .ToDictionary(s => s.Id);
        var routes = All("routes").Select(r => Route(r, services)).ToList();
        var hosts = All("domains")
            .Where(d => d["verified"]?.GetValue<bool>() != false)
            .Select(d => d["name"]!.GetValue<string>().ToLowerInvariant())
            .ToList();
        var plugins = All("plugins").Where(p => p["enabled"]?.GetValue<bool>() != false).Select(Plugin).OfType<ScopedPlugin>().ToList();
        var chains = routes.ToDictionary(r => r.Id, r => Chain(r, plugins));
        return new TenantRuntime(tenant, version, new RouteMatcher(routes), chains, Consumers(All("consumers"), All("consumer_groups"), All("consumer_group_consumers"), All("acls")),
            upstreams.Values.ToList(), hosts, Certificates(All("certificates"), All("snis")));
    }

    /// <summary>Each SNI name with its certificate, parsed once per config version.</summary>
    private static Dictionary<string, X509Certificate2> Certificates(List<JsonObject> certificates, List<JsonObject> snis)
    {
        var byId = certificates.ToDictionary(
            c => c["id"]!.GetValue<string>(),
            c => X509Certificate2.CreateFromPem(c["cert"]!.GetValue<string>(), c["key"]!.GetValue<string>()));
        return snis
            .Where(s => byId.ContainsKey(s["certificate"]!["id"]!.GetValue<string>()))
            .ToDictionary(s => s["name"]!.GetValue<string>().ToLowerInvariant(), s => byId[s["certificate"]!["id"]!.GetValue<string>()]);
    }

    /// <summary>A plugin instance with its parsed config and scope.</summary>
    private sealed record ScopedPlugin(IGatewayPlugin Plugin, object Config, Guid? Route, Guid? Service, Guid? Consumer, Guid? Group);

    /// <summary>
    /// Normalises and parses a plugin's config once, with the schema the Admin API checked it with; a plugin this
    /// gateway does not have yet is left out.
    /// </summary>
    private static ScopedPlugin? Plugin(JsonObject p)
    {
        if (PluginRegistry.Find(p["name"]!.GetValue<string>()) is not { } plugin) return null;
        var errors = new FieldErrors();
        var config = plugin.Schema.Validate(p["config"], errors)
            ?? throw new FormatException($"plugin {plugin.Name} {p["id"]}: {string.Join("; ", errors.Flatten())}");
        Guid? Ref(string field) => p[field]?["id"] is { } id ? Guid.Parse(id.GetValue<string>()) : null;
        return new ScopedPlugin(plugin, plugin.Parse(Guid.Parse(p["id"]!.GetValue<string>()), config), Ref("route"), Ref("service"), Ref("consumer"), Ref("consumer_group"));
    }

    /// <summary>For each plugin name, the configs that apply to the route, best first by Kong's precedence.</summary>
    private static PluginChain Chain(GatewayRoute route, List<ScopedPlugin> plugins)
    {
        var entries = new List<PluginChain.Entry>();
        foreach (var byName in plugins.GroupBy(p => p.Plugin.Name))
        {
            PluginChain.Ranked? general = null;
            var byConsumer = new Dictionary<Guid, PluginChain.Ranked>();
            var byGroup = new Dictionary<Guid, PluginChain.Ranked>();
            foreach (var p in byName)
            {
                if ((p.Route is { } r && r != route.Id) || (p.Service is { } s && s != route.Service?.Id)) continue;
                var ranked = new PluginChain.Ranked(PluginChain.Rank(p.Consumer is not null, p.Group is not null, p.Route is not null, p.Service is not null)!.Value, p.Config);
                if (p.Consumer is { } consumer) Keep(byConsumer, consumer, ranked);
                else if (p.Group is { } group) Keep(byGroup, group, ranked);
                else if (general is null || ranked.Rank < general.Value.Rank) general = ranked;
            }
            if (general is not null || byConsumer.Count > 0 || byGroup.Count > 0)
            {
                entries.Add(new PluginChain.Entry(byName.First().Plugin, general, byConsumer, byGroup));
            }
        }
        return entries.Count == 0 ? PluginChain.Empty : new PluginChain(entries.OrderByDescending(e => e.Plugin.Priority).ToList());
    }

    private static void Keep(Dictionary<Guid, PluginChain.Ranked> best, Guid key, PluginChain.Ranked candidate)
    {
        if (!best.TryGetValue(key, out var known) || candidate.Rank < known.Rank) best[key] = candidate;
    }

    private static Dictionary<Guid, GatewayConsumer> Consumers(List<JsonObject> consumers, List<JsonObject> groups, List<JsonObject> memberships, List<JsonObject> acls)
    {
        static Guid Id(JsonNode? node) => Guid.Parse(node!.GetValue<string>());
        var groupNames = groups.ToDictionary(g => Id(g["id"]), g => g["name"]!.GetValue<string>());
        var groupsOf = memberships.ToLookup(m => Id(m["consumer"]!["id"]), m => Id(m["consumer_group"]!["id"]));
        var aclsOf = acls.ToLookup(a => Id(a["consumer"]!["id"]), a => a["group"]!.GetValue<string>());
        return consumers.Select(c =>
        {
            var id = Id(c["id"]);
            var mine = groupsOf[id].Where(groupNames.ContainsKey).OrderBy(g => groupNames[g], StringComparer.Ordinal).ToList();
            return new GatewayConsumer(id, c["username"]?.GetValue<string>(), c["custom_id"]?.GetValue<string>(), mine)
            {
                GroupNames = [.. mine.Select(g => groupNames[g])],
                AclGroups = [.. aclsOf[id]],
            };
        }).ToDictionary(c => c.Id);
    }

    private static GatewayService Service(JsonObject s, IReadOnlyDictionary<string, UpstreamBalancer> upstreams)
    {
        var host = s["host"]!.GetValue<string>();
        return new GatewayService(
            Guid.Parse(s["id"]!.GetValue<string>()),
            s["name"]?.GetValue<string>(),
            s["protocol"]!.GetValue<string>(),
            host,
            (int)s["port"]!.GetValue<long>(),
            s["path"]?.GetValue<string>(),
            (int)s["retries"]!.GetValue<long>(),
            TimeSpan.FromMilliseconds(s["connect_timeout"]!.GetValue<long>()),
            TimeSpan.FromMilliseconds(s["write_timeout"]!.GetValue<long>()),
            TimeSpan.FromMilliseconds(s["read_timeout"]!.GetValue<long>()),
            s["enabled"]?.GetValue<bool>() ?? true)
        {
            Upstream = upstreams.GetValueOrDefault(host),
        };
    }

    private static GatewayRoute Route(JsonObject r, IReadOnlyDictionary<Guid, GatewayService> services)
    {
        var serviceId = r["service"]?["id"]?.GetValue<string>();
        return new GatewayRoute(
            Guid.Parse(r["id"]!.GetValue<string>()),
            r["name"]?.GetValue<string>(),
            serviceId is null ? null : services.GetValueOrDefault(Guid.Parse(serviceId)),
            Strings(r["protocols"]).ToHashSet(),
            r["methods"] is JsonArray methods ? Strings(methods).ToHashSet() : null,
            Strings(r["hosts"]).Select(h => new HostPattern(h)).ToList(),
            Strings(r["paths"]).ToList(),
            Strings(r["snis"]).Select(h => new HostPattern(h)).ToList(),
            (r["headers"] as JsonObject ?? []).Select(h => new HeaderMatcher(h.Key.ToLowerInvariant(), Strings(h.Value))).ToList(),
            r["regex_priority"]?.GetValue<long>() ?? 0,
            r["strip_path"]?.GetValue<bool>() ?? true,
            r["preserve_host"]?.GetValue<bool>() ?? false,
            r["path_handling"]?.GetValue<string>() ?? "v0",
            (int)(r["https_redirect_status_code"]?.GetValue<long>() ?? 426),
            r["created_at"]?.GetValue<long>() ?? 0);
    }

    private static UpstreamBalancer Upstream(JsonObject u, IEnumerable<JsonObject> targets, TenantHealth health)
    {
        var id = Guid.Parse(u["id"]!.GetValue<string>());
        var states = targets
            .OrderBy(t => t["created_at"]?.GetValue<long>() ?? 0).ThenBy(t => t["id"]!.GetValue<string>())
            .Select(t =>
            {
                var address = t["target"]!.GetValue<string>();
                var colon = address.LastIndexOf(':');
                var state = health.Target(id, address[..colon].Trim('[', ']'), int.Parse(address[(colon + 1)..]));
                state.Weight = (int)t["weight"]!.GetValue<long>();
                return state;
            })
            .ToList();
        var checks = u["healthchecks"];
        var hashing = new HashSettings(
            u["hash_on"]?.GetValue<string>() ?? "none",
            u["hash_fallback"]?.GetValue<string>() ?? "none",
            u["hash_on_header"]?.GetValue<string>(),
            u["hash_fallback_header"]?.GetValue<string>(),
            u["hash_on_cookie"]?.GetValue<string>(),
            u["hash_on_query_arg"]?.GetValue<string>(),
            u["hash_fallback_query_arg"]?.GetValue<string>());
        return new UpstreamBalancer(id, u["name"]!.GetValue<string>(), u["algorithm"]?.GetValue<string>() ?? "round-robin",
            hashing, u["host_header"]?.GetValue<string>(), states,
            HealthThresholds.From(checks?["passive"]), ActiveProbe.From(checks?["active"]));
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n!.GetValue<string>());
}
