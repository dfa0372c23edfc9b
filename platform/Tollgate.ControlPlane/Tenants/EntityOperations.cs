using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Secrets;
using Tollgate.Tenants.Behaviors;

namespace Tollgate.Tenants;

/// <summary>
/// Kong's Admin API semantics over a tenant's <see cref="EntityStore"/>: create, upsert, patch, delete, list and
/// get, with nesting, references, uniqueness, cascades, secrets and Kong's answers. It does not persist.
/// </summary>
internal sealed class EntityOperations(EntityStore store, SecretHasher hasher, TimeProvider clock, HostRules hosts)
{
    /// <summary>The tenant these operations serve.</summary>
    public string Tenant => hosts.Tenant;

    /// <summary>Now, in epoch seconds (Kong's timestamps).</summary>
    public long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    private EntityCatalog Catalog => store.Catalog;

    internal EntityStore Store => store;
    internal SecretHasher Hasher => hasher;
    internal HostRules Hosts => hosts;

    /// <summary>What an address points at: a type, and the parent entity when the path is nested.</summary>
    private sealed record Target(EntitySchema Schema, JsonObject? Parent = null, Field? ParentField = null, bool IsForeignEntity = false);

    public AdminResponse List(EntityAddress address, ListQuery query)
    {
        if (Resolve(address) is not { IsForeignEntity: false } target)
        {
            return KongError.NotFound();
        }
        var entities = store.All(target.Schema).Where(e => BelongsTo(target, e));
        if (!string.IsNullOrEmpty(query.CustomId) && target.Schema.Name == "consumers")
        {
            entities = entities.Where(e => e["custom_id"]?.GetValue<string>() == query.CustomId);
        }
        if (!string.IsNullOrEmpty(query.Tags))
        {
            entities = entities.Where(TagFilter(query.Tags));
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            entities = entities.Where(e => Mentions(target.Schema, e, query.Search.Trim()));
        }
        return Page(entities.Select(e => View(target.Schema, e)), query, e => (e["created_at"]!.GetValue<long>(), e["id"]!.GetValue<string>()));
    }

    public AdminResponse Get(EntityAddress address)
    {
        if (Resolve(address) is not { } target)
        {
            return KongError.NotFound();
        }
        if (target.IsForeignEntity)
        {
            var referenced = target.Parent![target.ParentField!.Name] is JsonObject reference
                ? store.Resolve(target.Schema, reference)
                : null;
            return referenced is null ? KongError.NotFound() : Ok(200, View(target.Schema, referenced));
        }
        var entity = address.Key is null ? null : Locate(target, address.Key);
        return entity is null ? KongError.NotFound() : Ok(200, View(target.Schema, entity));
    }

    public AdminResponse Insert(EntityAddress address, JsonObject input)
    {
        if (Writable(address, withKey: false, out var refusal) is not { } target)
        {
            return refusal!;
        }
        return Save(target, input, existing: null, allowInternal: false, status: 201);
    }

    /// <summary>PUT: creates the entity at the given id or endpoint key, or replaces it whole.</summary>
    public AdminResponse Upsert(EntityAddress address, JsonObject input)
    {
        if (Writable(address, withKey: true, out var refusal) is not { } target)
        {
            return refusal!;
        }
        var existing = Locate(target, address.Key!);
        if (Guid.TryParse(address.Key, out var id))
        {
            input["id"] = id.ToString();
        }
        else if (target.Schema.EndpointKey is { } endpointKey)
        {
            input[endpointKey] = address.Key;
            if (existing is not null) input["id"] = existing["id"]!.DeepClone();
        }
        else
        {
            return KongError.NotFound();
        }
        return Save(target, input, existing, allowInternal: false, status: 200);
    }

    /// <summary>PATCH: merges the given fields (records merge field by field) into the entity.</summary>
    public AdminResponse Patch(EntityAddress address, JsonObject input)
    {
        if (Writable(address, withKey: true, out var refusal) is not { } target)
        {
            return refusal!;
        }
        var existing = Locate(target, address.Key!);
        if (existing is null)
        {
            return KongError.NotFound();
        }
        var internalFields = input.Select(p => p.Key).Where(k => target.Schema.Find(k)?.Internal == true).ToList();
        if (internalFields.Count > 0)
        {
            return KongError.SchemaViolation(internalFields[0], "unknown field");
        }
        var merged = (JsonObject)existing.DeepClone();
        Merge(merged, input);
        EntityBehavior.For(target.Schema).Merged(merged, input);
        return Save(target, merged, existing, allowInternal: true, status: 200);
    }

    /// <summary>DELETE: 204 whether or not it existed, as in Kong; refused while a restricting reference exists.</summary>
    public AdminResponse Remove(EntityAddress address)
    {
        if (Writable(address, withKey: true, out var refusal) is not { } target)
        {
            return refusal!;
        }
        var entity = Locate(target, address.Key!);
        if (entity is null)
        {
            return new AdminResponse(204, null);
        }
        return Delete(target.Schema, EntityStore.IdOf(entity)) ?? new AdminResponse(204, null);
    }

    /// <summary>Deletes the entity and, recursively, what cascades from it; answers Kong's error when something restricts it.</summary>
    public AdminResponse? Delete(EntitySchema schema, Guid id)
    {
        if (store.Get(schema, id) is { } doomed && EntityBehavior.For(schema).Deleting(this, doomed) is { } refused)
        {
            return refused;
        }
        foreach (var (referrer, field, _) in store.Referrers(schema, id))
        {
            if (field.OnDelete == OnDelete.Restrict)
            {
                return KongError.ReferencedBy(referrer.Name, schema.Name);
            }
        }
        foreach (var (referrer, _, entity) in store.Referrers(schema, id).ToList())
        {
            if (Delete(referrer, EntityStore.IdOf(entity)) is { } failure)
            {
                return failure;
            }
        }
        store.Remove(schema, id);
        return null;
    }

    public AdminResponse Tags(string? tag, ListQuery query)
    {
        var rows = Catalog.Schemas
            .Where(s => s.Find("tags") is not null)
            .SelectMany(s => store.All(s).SelectMany(e =>
                (e["tags"] as JsonArray ?? []).Select(t => t!.GetValue<string>())
                    .Where(t => tag is null || t == tag)
                    .Select(t => new JsonObject { ["entity_name"] = s.Name, ["entity_id"] = e["id"]!.GetValue<string>(), ["tag"] = t })))
            .OrderBy(TagPosition, StringComparer.Ordinal);
        return Page(rows, query, r => (0, TagPosition(r)));
    }

    private static string TagPosition(JsonObject row) => $"{row["tag"]}|{row["entity_id"]}";

    /// <summary>
    /// Validates and completes one entity: schema, id, timestamps, references, secrets and uniqueness. Answers the
    /// entity to store, or Kong's error; a generated or given API key comes back once as the secret.
    /// </summary>
    public (JsonObject? Entity, AdminResponse? Error, string? Secret) Write(
        EntitySchema schema, JsonObject input, JsonObject? existing, bool allowInternal)
    {
        var errors = new FieldErrors();
        var entity = SchemaValidator.Normalize(schema, input, errors, allowInternal);
        var behavior = EntityBehavior.For(schema);
        if (entity is not null)
        {
            behavior.Check(this, entity, errors);
        }
        if (entity is null || !errors.IsEmpty)
        {
            return (null, KongError.SchemaViolation(errors), null);
        }
        var now = Now;
        var id = existing is not null ? EntityStore.IdOf(existing) : entity["id"] is { } given ? Guid.Parse(given.GetValue<string>()) : Guid.NewGuid();
        if (existing is null && store.Get(schema, id) is not null)
        {
            return (null, KongError.PrimaryKeyViolation(id), null);
        }
        entity["id"] = id.ToString();
        entity["created_at"] = existing?["created_at"]?.GetValue<long>() ?? entity["created_at"]?.GetValue<long>() ?? now;
        entity["updated_at"] = now;

        foreach (var field in schema.ForeignFields)
        {
            if (entity[field.Name] is not JsonObject reference) continue;
            var referenced = store.Resolve(Catalog.Get(field.Reference!), reference);
            if (referenced is null)
            {
                return (null, KongError.ForeignKeyMissing(field.Name, reference, field.Reference!), null);
            }
            entity[field.Name] = new JsonObject { ["id"] = referenced["id"]!.GetValue<string>() };
        }

        var secret = behavior.Complete(this, entity, existing, now);
        return Unique(schema, entity, id) is { } conflict ? (null, conflict, null) : (entity, null, secret);
    }

    private AdminResponse? Unique(EntitySchema schema, JsonObject entity, Guid id)
    {
        foreach (var field in schema.Fields.Where(f => f.Unique))
        {
            if (entity[field.Name] is { } value && store.Having(schema, [field.Name], [value]).Any(other => other != id))
            {
                var shown = field.Internal ? "key" : field.Name;
                return KongError.UniqueViolation(new JsonObject { [shown] = field.Internal ? "(hidden)" : value.DeepClone() });
            }
        }
        foreach (var fields in schema.UniqueTogether)
        {
            if (store.Having(schema, fields, [.. fields.Select(f => entity[f])]).Any(other => other != id))
            {
                var values = new JsonObject();
                foreach (var f in fields) values[f] = entity[f]?.DeepClone();
                return KongError.UniqueViolation(values);
            }
        }
        return null;
    }

    /// <summary>The target of a write, or Kong's 404 (nothing there) or 405 (a key where none belongs, or none where one must be).</summary>
    private Target? Writable(EntityAddress address, bool withKey, out AdminResponse? refusal)
    {
        var target = Resolve(address);
        refusal = target is not { IsForeignEntity: false } ? KongError.NotFound()
            : (address.Key is not null) != withKey ? KongError.Message(405, "Method not allowed")
            : null;
        return refusal is null ? target : null;
    }

    /// <summary>Binds the entity to its parent, validates and completes it, and stores it; answers Kong's reply.</summary>
    private AdminResponse Save(Target target, JsonObject input, JsonObject? existing, bool allowInternal, int status)
    {
        Bind(target, input);
        var (entity, failure, secret) = Write(target.Schema, input, existing, allowInternal);
        if (entity is null)
        {
            return failure!;
        }
        store.Put(target.Schema, entity);
        if (EntityBehavior.For(target.Schema).Saved(this, entity, input) is { } savedFailure)
        {
            return savedFailure;
        }
        return Ok(status, View(target.Schema, entity, secret));
    }

    /// <summary>The Admin API view of an entity, with what its type shows beyond the stored fields.</summary>
    public JsonObject View(EntitySchema schema, JsonObject entity, string? secret = null)
    {
        var view = Render(schema, entity, secret);
        EntityBehavior.For(schema).Decorate(this, view, entity);
        return view;
    }

    /// <summary>An entity of the target's type by id or endpoint key; under a parent, only that parent's.</summary>
    private JsonObject? Locate(Target target, string key) => store.Find(target.Schema, key, e => BelongsTo(target, e));

    private Target? Resolve(EntityAddress address)
    {
        if (address.ParentCollection is null)
        {
            return Catalog.ByEndpoint(address.Collection) is { } schema ? new Target(schema) : null;
        }
        if (Catalog.ByEndpoint(address.ParentCollection) is not { } parentSchema)
        {
            return null;
        }
        var parent = store.Find(parentSchema, address.ParentKey!);
        if (parent is null)
        {
            return null;
        }
        if (Catalog.Nested(parentSchema, address.Collection) is var (child, field))
        {
            return new Target(child, parent, field);
        }
        if (parentSchema.Find(address.Collection) is { Kind: FieldKind.Foreign } foreign && address.Key is null)
        {
            return new Target(Catalog.Get(foreign.Reference!), parent, foreign, IsForeignEntity: true);
        }
        return null;
    }

    private static bool BelongsTo(Target target, JsonObject entity) =>
        target.Parent is null || entity[target.ParentField!.Name]?["id"]?.GetValue<string>() == target.Parent["id"]!.GetValue<string>();

    /// <summary>A nested path sets the reference to its parent, whatever the body says.</summary>
    private static void Bind(Target target, JsonObject input)
    {
        if (target.Parent is not null)
        {
            input[target.ParentField!.Name] = new JsonObject { ["id"] = target.Parent["id"]!.GetValue<string>() };
        }
    }

    private static void Merge(JsonObject into, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject patchRecord && into[key] is JsonObject record && !key.Equals("headers", StringComparison.Ordinal))
            {
                Merge(record, patchRecord);
            }
            else
            {
                into[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>"a,b" keeps entities tagged with both; "a/b" keeps entities tagged with either.</summary>
    /// <summary>
    /// Whether a text field of the entity, or an element of a list of texts (paths, hosts, tags), contains the text.
    /// Internal fields (hashes, tokens) are never searched: a search must not reveal them piece by piece.
    /// </summary>
    private static bool Mentions(EntitySchema schema, JsonObject entity, string text) =>
        entity.Where(p => schema.Find(p.Key) is { Internal: false }).Select(p => p.Value).SelectMany<JsonNode?, JsonNode?>(v => v is JsonArray list ? list : new[] { v })
            .Any(v => v is JsonValue value && value.TryGetValue<string>(out var s) && s.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static Func<JsonObject, bool> TagFilter(string tags)
    {
        var any = tags.Contains('/');
        var wanted = tags.Split(any ? '/' : ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return entity =>
        {
            var has = (entity["tags"] as JsonArray ?? []).Select(t => t!.GetValue<string>()).ToHashSet();
            return any ? wanted.Any(has.Contains) : wanted.All(has.Contains);
        };
    }

    /// <summary>The Admin API view of an entity: internal fields dropped, a new API key or signing secret shown once.</summary>
    public static JsonObject Render(EntitySchema schema, JsonObject entity, string? secret = null)
    {
        // A key kept only as its hash (key-auth) and a secret kept sealed (JWT, hmac-auth) are shown once, when set;
        // other keys (a JWT's) are plain names.
        var sealedSecret = schema.Find("secret_sealed") is not null;
        var shownOnce = sealedSecret ? "secret" : schema.Find("client_secret_hash") is not null ? "client_secret" : "key";
        var view = new JsonObject();
        foreach (var field in schema.Fields)
        {
            if (field.Internal) continue;
            view[field.Name] = field.Name == shownOnce && secret is not null ? secret : entity[field.Name]?.DeepClone();
        }
        if (secret is null && schema.Find("key_hash") is not null) view.Remove("key");
        if (secret is null && sealedSecret) view.Remove("secret");
        if (secret is null) view.Remove("client_secret");
        return view;
    }

    private static AdminResponse Ok(int status, JsonObject body) => new(status, body.ToJsonString(KongJson.Options));

    /// <summary>Kong's page: data, and an opaque offset (plus next) when more remain.</summary>
    private static AdminResponse Page(IEnumerable<JsonObject> ordered, ListQuery query, Func<JsonObject, (long, string)> position)
    {
        if (query.Size is < 1 or > 1000)
        {
            return KongError.InvalidSize("size must be an integer between 1 and 1000");
        }
        var rows = ordered;
        if (!string.IsNullOrEmpty(query.Offset))
        {
            if (DecodeOffset(query.Offset) is not var (createdAt, id))
            {
                return KongError.InvalidOffset(query.Offset);
            }
            rows = rows.SkipWhile(r =>
            {
                var (c, i) = position(r);
                return c < createdAt || (c == createdAt && string.CompareOrdinal(i, id) <= 0);
            });
        }
        var page = rows.Take(query.Size + 1).ToList();
        var body = new JsonObject { ["data"] = new JsonArray(page.Take(query.Size).Select(r => (JsonNode?)r).ToArray()) };
        if (page.Count > query.Size)
        {
            var (c, i) = position(page[query.Size - 1]);
            body["offset"] = EncodeOffset(c, i);
        }
        return new AdminResponse(200, body.ToJsonString(KongJson.Options));
    }

    private static string EncodeOffset(long createdAt, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt}|{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long, string)? DecodeOffset(string offset)
    {
        try
        {
            var padded = offset.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|');
            return bar > 0 && long.TryParse(text[..bar], out var createdAt) ? (createdAt, text[(bar + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
