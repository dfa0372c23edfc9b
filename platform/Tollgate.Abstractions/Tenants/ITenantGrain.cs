using Orleans.Concurrency;
using Tollgate.Config;

namespace Tollgate.Tenants;

/// <summary>
/// One tenant (a Kong workspace): its record and its whole entity set. Every change bumps the config version
/// that gateway nodes read as a snapshot or as a delta.
/// </summary>
[Alias("tollgate.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<TenantRecord?> Create(string name, string plan, string pool, AdminTokenInfo firstToken);
    /// <summary>Interleaves with a running call, so grains the tenant grain is waiting on may read it without a deadlock.</summary>
    [AlwaysInterleave, Alias("GetRecord")] Task<TenantRecord?> GetRecord();
    [Alias("UpdateRecord")] Task<TenantRecord?> UpdateRecord(string? name, string? plan, string? pool);
    /// <summary>What deleting the tenant must release (its admin tokens and claimed hosts); null when there is no tenant.</summary>
    [Alias("Removal")] Task<TenantRemoval?> Removal();
    /// <summary>Removes the tenant and all its entities; false when there was none.</summary>
    [Alias("Destroy")] Task<bool> Destroy();

    [Alias("AdminTokens")] Task<IReadOnlyList<AdminTokenInfo>?> AdminTokens();
    [Alias("AddAdminToken")] Task<bool> AddAdminToken(AdminTokenInfo token);
    /// <summary>Forgets the token; answers it so its grant can be revoked, or null when the tenant has no such token.</summary>
    [Alias("RemoveAdminToken")] Task<AdminTokenInfo?> RemoveAdminToken(Guid id);

    [Alias("List")] Task<AdminResponse> List(EntityAddress address, ListQuery query);
    [Alias("Get")] Task<AdminResponse> Get(EntityAddress address);
    [Alias("Insert")] Task<AdminResponse> Insert(EntityAddress address, string json);
    [Alias("Upsert")] Task<AdminResponse> Upsert(EntityAddress address, string json);
    [Alias("Patch")] Task<AdminResponse> Patch(EntityAddress address, string json);
    [Alias("Remove")] Task<AdminResponse> Remove(EntityAddress address);
    [Alias("Tags")] Task<AdminResponse> Tags(string? tag, ListQuery query);

    /// <summary>Looks up the claimed domain's TXT challenge in DNS and marks the claim verified when it is there.</summary>
    [Alias("VerifyDomain")] Task<AdminResponse> VerifyDomain(string key);

    /// <summary>Consumer group membership seen from "consumer_groups" (its consumers) or "consumers" (its groups).</summary>
    [Alias("ListMembership")] Task<AdminResponse> ListMembership(string collection, string key);
    [Alias("Join")] Task<AdminResponse> Join(string collection, string key, string json);
    [Alias("Leave")] Task<AdminResponse> Leave(string collection, string key, string? otherKey);

    /// <summary>Validates a whole declarative document, then replaces the tenant's config with it as one version.</summary>
    /// <remarks>A big file (100,000 consumers) takes longer than Orleans' default 30 s response timeout.</remarks>
    [Alias("ImportConfig"), ResponseTimeout("00:05:00")] Task<AdminResponse> ImportConfig(string documentJson, bool checkOnly);
    [Alias("ExportConfig")] Task<string> ExportConfig();

    [Alias("GetSnapshot")] Task<ConfigSnapshot> GetSnapshot();

    /// <summary>
    /// A gateway resolving a credential it has not seen: the credential of the collection whose field has this
    /// value (an API key's keyed hash, a basic-auth or hmac-auth username, a JWT key), if any.
    /// </summary>
    [Alias("FindCredential")] Task<EntityDocument?> FindCredential(string collection, string field, string value);
    [Alias("GetDelta")] Task<ConfigDelta> GetDelta(long sinceVersion);
}

/// <summary>An admin token of a tenant as the tenant keeps it: never the token, only its keyed hash.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.AdminTokenInfo")]
public sealed record AdminTokenInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Hash,
    [property: Id(3)] long CreatedAt);

/// <summary>What a deleted tenant leaves behind for the platform to release.</summary>
[GenerateSerializer, Immutable, Alias("tollgate.TenantRemoval")]
public sealed record TenantRemoval(
    [property: Id(0)] IReadOnlyList<string> AdminTokenHashes,
    [property: Id(1)] IReadOnlyList<string> ClaimedHosts);
