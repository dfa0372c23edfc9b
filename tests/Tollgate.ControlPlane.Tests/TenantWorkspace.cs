using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Secrets;
using Tollgate.Tenants;

namespace Tollgate;

/// <summary>A tenant's entity store and Kong operations over it, with a clock the test sets.</summary>
internal sealed class TenantWorkspace
{
    public ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    public SecretHasher Hasher { get; } = new(new byte[32]);
    public HostRules HostPolicy { get; } = new("acme", "localhost");
    public EntityStore Store { get; }
    public EntityOperations Operations { get; }

    public TenantWorkspace()
    {
        Store = new EntityStore(EntityCatalog.Kong, Hasher.KeyHash);
        Operations = new EntityOperations(Store, Hasher, Clock, HostPolicy);
    }

    /// <summary>Runs an operation and commits it as the grain would, answering status and parsed body.</summary>
    public (int Status, JsonObject? Body) Run(Func<EntityOperations, AdminResponse> operation)
    {
        var response = operation(Operations);
        if (response.IsSuccess) Store.Commit(); else Store.Rollback();
        return (response.Status, response.Body is null ? null : JsonNode.Parse(response.Body)!.AsObject());
    }

    public (int Status, JsonObject? Body) Post(string collection, string json, string? parent = null, string? parentKey = null) =>
        Run(o => o.Insert(new EntityAddress(collection, null, parent, parentKey), JsonNode.Parse(json)!.AsObject()));

    public (int Status, JsonObject? Body) Get(string collection, string key) =>
        Run(o => o.Get(new EntityAddress(collection, key)));
}

/// <summary>A clock that stands still until the test moves it.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
