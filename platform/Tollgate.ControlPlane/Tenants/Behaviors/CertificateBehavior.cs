using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants.Behaviors;

/// <summary>Kong's "snis" shorthand on a certificate: written, the certificate's SNIs become exactly these names; read, they are listed.</summary>
internal sealed class CertificateBehavior : EntityBehavior
{
    public override AdminResponse? Saved(EntityOperations tenant, JsonObject entity, JsonObject input)
    {
        if (input["snis"] is not { } names) return null;
        if (names is not JsonArray array || array.Any(n => n?.GetValueKind() != JsonValueKind.String))
        {
            return KongError.SchemaViolation("snis", "expected an array of strings");
        }
        var store = tenant.Store;
        var snis = store.Catalog.Get("snis");
        var wanted = array.Select(n => n!.GetValue<string>()).ToHashSet();
        var current = SnisOf(store, entity).ToList();
        foreach (var sni in current.Where(s => !wanted.Contains(s["name"]!.GetValue<string>())))
        {
            store.Remove(snis, EntityStore.IdOf(sni));
        }
        foreach (var name in wanted.Where(n => current.All(s => s["name"]!.GetValue<string>() != n)))
        {
            var sniInput = new JsonObject { ["name"] = name, ["certificate"] = new JsonObject { ["id"] = entity["id"]!.GetValue<string>() } };
            var (sni, failure, _) = tenant.Write(snis, sniInput, existing: null, allowInternal: false);
            if (sni is null) return failure;
            store.Put(snis, sni);
        }
        return null;
    }

    public override void Decorate(EntityOperations tenant, JsonObject view, JsonObject entity)
    {
        var names = SnisOf(tenant.Store, entity).Select(s => s["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        view["snis"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
    }

    private static IEnumerable<JsonObject> SnisOf(EntityStore store, JsonObject certificate) =>
        store.All(store.Catalog.Get("snis")).Where(s => s["certificate"]!["id"]!.GetValue<string>() == certificate["id"]!.GetValue<string>());
}
