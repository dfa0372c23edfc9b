using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tollgate.Config;
using Tollgate.Declarative;
using Tollgate.Entities;
using Tollgate.Secrets;

namespace Tollgate.Tenants;

/// <summary>
/// A tenant as one grain: the single writer of its entities, so concurrent Admin API calls never lose an update.
/// Every committed change bumps the config version and is appended to the change log that deltas are read from.
/// </summary>
public sealed class TenantGrain(
    [PersistentState("tenant", StorageNames.Default)] IPersistentState<TenantState> state,
    TimeProvider clock,
    PlatformSettings settings,
    Billing.PlanCatalog plans,
    AuditLog audit,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private EntityStore _store = null!;
    private EntityOperations _operations = null!;
    private MembershipOperations _memberships = null!;
    private SecretHasher _hasher = null!;

    private string Slug => this.GetPrimaryKeyString();

    private HostRules HostPolicy => new(Slug, settings.GatewayDomain, settings.VerifyDomains);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = await GrainFactory.GetGrain<IDeploymentSecretGrain>(0).GetHashKey();
        _hasher = new SecretHasher(key);
        _store = new EntityStore(EntityCatalog.Kong, _hasher.KeyHash);
        foreach (var (collection, entities) in state.State.Entities)
        {
            var schema = EntityCatalog.Kong.Get(collection);
            foreach (var json in entities.Values)
            {
                _store.Put(schema, JsonNode.Parse(json)!.AsObject());
            }
        }
        _store.Commit();
        _operations = new EntityOperations(_store, _hasher, clock, HostPolicy);
        _memberships = new MembershipOperations(_store, _operations);
    }

    public async Task<TenantRecord?> Create(string name, string plan, string pool, AdminTokenInfo firstToken)
    {
        if (state.State.Tenant is not null)
        {
            return null;
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        state.State.Tenant = new TenantRecord(Guid.NewGuid(), Slug, name, plan, pool, now, now);
        state.State.ConfigVersion++;
        state.State.ChangesSince = state.State.ConfigVersion;
        state.State.AdminTokens.Add(firstToken);
        await Persist();
        logger.LogInformation("Tenant {Tenant} created on plan {Plan} in pool {Pool}", Slug, plan, pool);
        await Publish(pool, state.State.ConfigVersion);
        return state.State.Tenant;
    }

    public Task<TenantRecord?> GetRecord() => Task.FromResult(state.State.Tenant);

    public async Task<TenantRecord?> UpdateRecord(string? name, string? plan, string? pool)
    {
        if (state.State.Tenant is not { } tenant)
        {
            return null;
        }
        state.State.Tenant = tenant with
        {
            Name = name ?? tenant.Name,
            Plan = plan ?? tenant.Plan,
            Pool = pool ?? tenant.Pool,
            UpdatedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
        };
        state.State.ConfigVersion++;
        await Persist();
        logger.LogInformation("Tenant {Tenant} updated to plan {Plan}, pool {Pool}", Slug, state.State.Tenant.Plan, state.State.Tenant.Pool);
        if (tenant.Pool != state.State.Tenant.Pool)
        {
            await Publish(tenant.Pool, 0);
        }
        await Publish(state.State.Tenant.Pool, state.State.ConfigVersion);
        if (tenant.Plan != state.State.Tenant.Plan || tenant.Pool != state.State.Tenant.Pool)
        {
            if (tenant.Pool != state.State.Tenant.Pool) await GrainFactory.GetGrain<IConfigHubGrain>(tenant.Pool).SetQuota(Slug, 0);
            await GrainFactory.GetGrain<Analytics.IUsageGrain>(Slug).PlanChanged(state.State.Tenant);
            await GrainFactory.GetGrain<Billing.IBillingGrain>(Slug).TenantChanged(tenant, state.State.Tenant);
        }
        return state.State.Tenant;
    }

    public Task<TenantRemoval?> Removal() => Task.FromResult(state.State.Tenant is null ? null : new TenantRemoval(
        state.State.AdminTokens.Select(t => t.Hash).ToList(),
        _store.All(EntityCatalog.Kong.Get("domains")).Select(d => d["name"]!.GetValue<string>()).ToList()));

    public async Task<bool> Destroy()
    {
        if (state.State.Tenant is null)
        {
            return false;
        }
        var pool = state.State.Tenant.Pool;
        await state.ClearStateAsync();
        state.State = new TenantState();
        _store.Clear();
        logger.LogInformation("Tenant {Tenant} deleted", Slug);
        await Publish(pool, 0);
        DeactivateOnIdle();
        return true;
    }

    public Task<IReadOnlyList<AdminTokenInfo>?> AdminTokens() =>
        Task.FromResult<IReadOnlyList<AdminTokenInfo>?>(state.State.Tenant is null ? null : state.State.AdminTokens.ToList());

    public async Task<bool> AddAdminToken(AdminTokenInfo token)
    {
        if (state.State.Tenant is null)
        {
            return false;
        }
        state.State.AdminTokens.Add(token);
        await Persist();
        logger.LogInformation("Tenant {Tenant} admin token {TokenId} issued", Slug, token.Id);
        return true;
    }

    public async Task<AdminTokenInfo?> RemoveAdminToken(Guid id)
    {
        var token = state.State.AdminTokens.FirstOrDefault(t => t.Id == id);
        if (token is null)
        {
            return null;
        }
        state.State.AdminTokens.Remove(token);
        await Persist();
        logger.LogInformation("Tenant {Tenant} admin token {TokenId} revoked", Slug, id);
        return token;
    }

    public Task<AdminResponse> List(EntityAddress address, ListQuery query) =>
        Task.FromResult(Exists(out var missing) ? _operations.List(address, query) : missing);

    public Task<AdminResponse> Get(EntityAddress address) =>
        Task.FromResult(Exists(out var missing) ? _operations.Get(address) : missing);

    public Task<AdminResponse> Tags(string? tag, ListQuery query) =>
        Task.FromResult(Exists(out var missing) ? _operations.Tags(tag, query) : missing);

    public async Task<AdminResponse> VerifyDomain(string key)
    {
        if (!Exists(out var missing)) return missing;
        var schema = EntityCatalog.Kong.Get("domains");
        if (_store.Find(schema, key) is not { } domain) return KongError.NotFound();
        if (domain["verified"]?.GetValue<bool>() != false) return new AdminResponse(200, _operations.View(schema, domain).ToJsonString(KongJson.Options));
        var name = HostRules.ChallengeName(domain["name"]!.GetValue<string>());
        var expected = HostRules.ChallengeValue(domain["verification_token"]!.GetValue<string>());
        IReadOnlyList<string> records;
        try
        {
            var server = settings.DnsServer ?? Domains.DnsTxtClient.SystemResolver()
                ?? throw new InvalidOperationException("no DNS server is configured (Domains:DnsServer)");
            records = await new Domains.DnsTxtClient(server, TimeSpan.FromSeconds(3)).Query(name);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            logger.LogWarning("Tenant {Tenant} domain {Domain} could not be verified: {Error}", Slug, domain["name"], e.Message);
            return KongError.Message(400, $"DNS lookup of TXT {name} failed: {e.Message}");
        }
        if (!records.Contains(expected))
        {
            return KongError.Message(400, $"TXT record {name} with value \"{expected}\" was not found");
        }
        var response = Behaviors.DomainBehavior.MarkVerified(_operations, domain, clock.GetUtcNow().ToUnixTimeSeconds());
        return await Commit() ?? response;
    }

    public Task<AdminResponse> ListMembership(string collection, string key) =>
        Task.FromResult(Exists(out var missing) ? _memberships.List(collection, key) : missing);

    public Task<AdminResponse> Join(string collection, string key, string json) =>
        Mutate(json, input => _memberships.Join(collection, key, input));

    public Task<AdminResponse> Leave(string collection, string key, string? otherKey) =>
        Mutate("{}", _ => _memberships.Leave(collection, key, otherKey));

    public Task<AdminResponse> Insert(EntityAddress address, string json) =>
        Mutate(json, (input) => _operations.Insert(address, input));

    public Task<AdminResponse> Upsert(EntityAddress address, string json) =>
        Mutate(json, (input) => _operations.Upsert(address, input));

    public Task<AdminResponse> Patch(EntityAddress address, string json) =>
        Mutate(json, (input) => _operations.Patch(address, input));

    public Task<AdminResponse> Remove(EntityAddress address) =>
        Mutate("{}", _ => _operations.Remove(address));

    public async Task<AdminResponse> ImportConfig(string documentJson, bool checkOnly)
    {
        if (!Exists(out var missing))
        {
            return missing;
        }
        var document = JsonNode.Parse(documentJson)!.AsObject();
        var result = new DeclarativeImporter(Slug, _store, _hasher, clock, HostPolicy).Import(document);
        if (result.Error is not null)
        {
            logger.LogInformation("Tenant {Tenant} declarative config rejected", Slug);
            return result.Error;
        }
        var diff = result.Diff!;
        if (checkOnly)
        {
            return new AdminResponse(200, new JsonObject { ["valid"] = true, ["diff"] = diff.ToJson() }.ToJsonString(KongJson.Options));
        }
        var before = PlanLimits.Counts(_store);
        foreach (var (schema, entity) in diff.Deleted) _store.Remove(schema, EntityStore.IdOf(entity));
        foreach (var (schema, entity) in diff.Created.Concat(diff.Updated)) _store.Put(schema, entity);
        if (PlanLimits.Check(plans[state.State.Tenant!.Plan], _store, before) is { } overLimit)
        {
            _store.Rollback();
            return overLimit;
        }
        if (await Commit() is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation(
            "Tenant {Tenant} declarative config applied as version {Version}: {Created} created, {Updated} updated, {Deleted} deleted",
            Slug, state.State.ConfigVersion, diff.Created.Count, diff.Updated.Count, diff.Deleted.Count);
        var body = new JsonObject { ["config_version"] = state.State.ConfigVersion, ["diff"] = diff.ToJson() };
        return new AdminResponse(201, body.ToJsonString(KongJson.Options));
    }

    public Task<string> ExportConfig() => Task.FromResult(DeclarativeExporter.Export(_store).ToJsonString(KongJson.Options));

    public Task<ConfigSnapshot> GetSnapshot()
    {
        RequireTenant();
        return Task.FromResult(ConfigLog.Snapshot(state.State, EntityCatalog.Kong));
    }

    public Task<EntityDocument?> FindCredential(string collection, string field, string value)
    {
        var schema = EntityCatalog.Kong.Get(collection);
        if (schema.InSnapshot || schema.Find(field)?.Unique != true)
        {
            throw new ArgumentException($"{collection}.{field} is not a credential lookup");
        }
        // Through the unique field's index: a gateway asks this for every credential it has not seen.
        var credential = _store.Having(schema, [field], [JsonValue.Create(value)]).Select(id => _store.Get(schema, id)).FirstOrDefault();
        return Task.FromResult(credential is null
            ? null
            : new EntityDocument(schema.Name, EntityStore.IdOf(credential), credential.ToJsonString(KongJson.Options)));
    }

    public Task<ConfigDelta> GetDelta(long sinceVersion)
    {
        RequireTenant();
        return Task.FromResult(ConfigLog.Delta(state.State, EntityCatalog.Kong, sinceVersion));
    }

    private void RequireTenant()
    {
        if (state.State.Tenant is null) throw new InvalidOperationException($"tenant '{Slug}' does not exist");
    }

    private bool Exists(out AdminResponse missing)
    {
        missing = KongError.Message(404, $"Workspace '{Slug}' not found");
        return state.State.Tenant is not null;
    }

    private async Task<AdminResponse> Mutate(string json, Func<JsonObject, AdminResponse> operation)
    {
        if (!Exists(out var missing))
        {
            return missing;
        }
        var before = PlanLimits.Counts(_store);
        var response = operation(JsonNode.Parse(json)!.AsObject());
        response = response.IsSuccess ? PlanLimits.Check(plans[state.State.Tenant!.Plan], _store, before) ?? response : response;
        if (!response.IsSuccess)
        {
            _store.Rollback();
            return response;
        }
        return await Commit() ?? response;
    }

    /// <summary>
    /// Claims the hosts of new domains (a host belongs to one tenant), then persists the pending changes as one new
    /// config version. On a claim conflict nothing is applied and Kong's 409 is answered.
    /// </summary>
    private async Task<AdminResponse?> Commit()
    {
        var pending = _store.Pending();
        var claimed = new List<string>();
        foreach (var change in pending.Where(c => c.Collection == "domains"))
        {
            var host = change.After?["name"]?.GetValue<string>();
            if (host is null || host == change.Before?["name"]?.GetValue<string>()) continue;
            if (!await GrainFactory.GetGrain<IHostClaimGrain>(host).Claim(Slug))
            {
                foreach (var done in claimed) await GrainFactory.GetGrain<IHostClaimGrain>(done).Release(Slug);
                _store.Rollback();
                logger.LogInformation("Tenant {Tenant} could not claim host {Host}: another tenant holds it", Slug, host);
                return KongError.UniqueViolation(new JsonObject { ["name"] = host });
            }
            claimed.Add(host);
        }
        var changes = _store.Commit();
        if (changes.Count == 0)
        {
            return null;
        }
        var version = ConfigLog.Record(state.State, changes);
        await Persist();
        await Publish(state.State.Tenant!.Pool, version);
        foreach (var change in changes.Where(c => c.Collection == "domains"))
        {
            var released = change.Before?["name"]?.GetValue<string>();
            if (released is not null && released != change.After?["name"]?.GetValue<string>())
            {
                await GrainFactory.GetGrain<IHostClaimGrain>(released).Release(Slug);
            }
        }
        var (actor, via) = AuditLog.Caller();
        var at = clock.GetUtcNow();
        static string? NameOf(JsonObject? entity) =>
            (entity?["name"] ?? entity?["username"]) is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
        var entries = changes.Select(change => new AuditEntry(at, actor, via,
            change.After is null ? "deleted" : change.Before is null ? "created" : "updated", change.Collection, change.Id.ToString(),
            NameOf(change.After ?? change.Before), version)).ToList();
        foreach (var entry in entries)
        {
            logger.LogInformation("Tenant {Tenant} {Collection} {EntityId} {Action} by {Actor} via {Via} at config version {Version}",
                Slug, entry.Collection, entry.EntityId, entry.Action, actor, via, version);
        }
        try
        {
            await audit.Record(Slug, entries);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The change is committed; the log line above still says who made it.
            logger.LogError(e, "Tenant {Tenant}: {Count} audit entries of version {Version} could not be written", Slug, entries.Count, version);
        }
        return null;
    }

    /// <summary>
    /// Tells the pool's hub (and through it every gateway node of the pool) the tenant's version. The change is
    /// already committed, so a hub that cannot be reached is logged; the next change publishes again.
    /// </summary>
    private async Task Publish(string pool, long version)
    {
        try
        {
            await GrainFactory.GetGrain<IConfigHubGrain>(pool).Publish(Slug, version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Tenant {Tenant} version {Version} could not be published to pool {Pool}", Slug, version, pool);
        }
    }

    /// <summary>Writes the state; if the write fails the activation is dropped so the next call reloads what is stored.</summary>
    private async Task Persist()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
