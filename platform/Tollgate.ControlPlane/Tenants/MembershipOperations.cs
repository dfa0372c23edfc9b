using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>
/// Kong's consumer group membership, from either side: /consumer_groups/{g}/consumers and /consumers/{c}/consumer_groups.
/// </summary>
internal sealed class MembershipOperations(EntityStore store, EntityOperations operations)
{
    private static readonly EntityCatalog Catalog = EntityCatalog.Kong;
    private static EntitySchema Groups => Catalog.Get("consumer_groups");
    private static EntitySchema Consumers => Catalog.Get("consumers");
    private static EntitySchema Memberships => Catalog.Get("consumer_group_consumers");

    /// <summary>Which side a path starts from: a group listing its consumers, or a consumer listing its groups.</summary>
    private sealed record Side(EntitySchema Owner, EntitySchema Other, string OwnerField, string OtherField, string BodyField, string OtherList);

    private static Side SideOf(string collection) => collection == "consumers"
        ? new Side(Consumers, Groups, "consumer", "consumer_group", "group", "consumer_groups")
        : new Side(Groups, Consumers, "consumer_group", "consumer", "consumer", "consumers");

    public AdminResponse List(string collection, string key)
    {
        var side = SideOf(collection);
        if (store.Find(side.Owner, key) is not { } owner)
        {
            return KongError.NotFound();
        }
        var others = Linked(side, owner).Select(o => (JsonNode?)EntityOperations.Render(side.Other, o)).ToArray();
        return new AdminResponse(200, new JsonObject { ["data"] = new JsonArray(others), ["next"] = null }.ToJsonString(KongJson.Options));
    }

    /// <summary>Adds the owner to each named group (or each named consumer to the group); all or nothing.</summary>
    public AdminResponse Join(string collection, string key, JsonObject body)
    {
        var side = SideOf(collection);
        if (store.Find(side.Owner, key) is not { } owner)
        {
            return KongError.NotFound();
        }
        var names = body[side.BodyField] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
            JsonArray a when a.All(e => e?.GetValueKind() == JsonValueKind.String) => a.Select(e => e!.GetValue<string>()).ToList(),
            null => null,
            _ => [],
        };
        if (names is not { Count: > 0 })
        {
            return KongError.SchemaViolation(side.BodyField, names is null ? "required field missing" : "expected a string or an array of strings");
        }
        var joined = new List<JsonObject>();
        foreach (var name in names)
        {
            if (store.Find(side.Other, name) is not { } other)
            {
                return KongError.ForeignKeyMissing(side.BodyField, new JsonObject { ["name"] = name }, side.Other.Name);
            }
            var membership = new JsonObject
            {
                [side.OwnerField] = new JsonObject { ["id"] = owner["id"]!.GetValue<string>() },
                [side.OtherField] = new JsonObject { ["id"] = other["id"]!.GetValue<string>() },
            };
            var (entity, error, _) = operations.Write(Memberships, membership, existing: null, allowInternal: false);
            if (entity is null)
            {
                return error!;
            }
            store.Put(Memberships, entity);
            joined.Add(other);
        }
        var answer = new JsonObject
        {
            [side.Owner.Singular] = EntityOperations.Render(side.Owner, owner),
            [side.OtherList] = new JsonArray(joined.Select(o => (JsonNode?)EntityOperations.Render(side.Other, o)).ToArray()),
        };
        return new AdminResponse(201, answer.ToJsonString(KongJson.Options));
    }

    /// <summary>Removes one membership, or with no other key every membership of the owner.</summary>
    public AdminResponse Leave(string collection, string key, string? otherKey)
    {
        var side = SideOf(collection);
        if (store.Find(side.Owner, key) is not { } owner)
        {
            return KongError.NotFound();
        }
        var other = otherKey is null ? null : store.Find(side.Other, otherKey);
        if (otherKey is not null && other is null)
        {
            return KongError.NotFound();
        }
        foreach (var membership in MembershipsOf(side, owner).ToList())
        {
            if (other is null || membership[side.OtherField]!["id"]!.GetValue<string>() == other["id"]!.GetValue<string>())
            {
                store.Remove(Memberships, EntityStore.IdOf(membership));
            }
        }
        return new AdminResponse(204, null);
    }

    private IEnumerable<JsonObject> MembershipsOf(Side side, JsonObject owner) =>
        store.All(Memberships).Where(m => m[side.OwnerField]!["id"]!.GetValue<string>() == owner["id"]!.GetValue<string>());

    private IEnumerable<JsonObject> Linked(Side side, JsonObject owner) =>
        MembershipsOf(side, owner).Select(m => store.Get(side.Other, Guid.Parse(m[side.OtherField]!["id"]!.GetValue<string>()))!);
}
