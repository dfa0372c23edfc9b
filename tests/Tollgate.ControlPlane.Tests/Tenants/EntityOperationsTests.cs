using Tollgate.Secrets;
using Tollgate.Entities;
using System.Text.Json.Nodes;
using Tollgate.Tenants;

namespace Tollgate.Tenants;

public class EntityOperationsTests
{
    private readonly TenantWorkspace _tenant = new();

    [Fact]
    public void Created_entity_has_uuid_and_epoch_second_timestamps()
    {
        var (status, service) = _tenant.Post("services", """{"name":"billing","url":"http://billing.internal:8080/api"}""");
        Assert.Equal(201, status);
        Assert.True(Guid.TryParse(service!["id"]!.GetValue<string>(), out _));
        Assert.Equal(1_700_000_000, service["created_at"]!.GetValue<long>());
        Assert.Equal(1_700_000_000, service["updated_at"]!.GetValue<long>());
        Assert.Equal("/api", service["path"]!.GetValue<string>());
    }

    [Fact]
    public void Entity_is_addressed_by_id_or_name()
    {
        var (_, service) = _tenant.Post("services", """{"name":"billing","host":"b.internal"}""");
        Assert.Equal(200, _tenant.Get("services", "billing").Status);
        Assert.Equal(200, _tenant.Get("services", service!["id"]!.GetValue<string>()).Status);
        Assert.Equal(404, _tenant.Get("services", "nope").Status);
    }

    [Fact]
    public void Duplicate_name_is_a_unique_violation()
    {
        _tenant.Post("services", """{"name":"billing","host":"b.internal"}""");
        var (status, body) = _tenant.Post("services", """{"name":"billing","host":"c.internal"}""");
        Assert.Equal(409, status);
        Assert.Equal(5, body!["code"]!.GetValue<int>());
        Assert.Equal("unique constraint violation", body["name"]!.GetValue<string>());
        Assert.Equal("billing", body["fields"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Nested_route_belongs_to_its_service()
    {
        _tenant.Post("services", """{"name":"billing","host":"b.internal"}""");
        var (status, route) = _tenant.Post("routes", """{"name":"r1","paths":["/bill"]}""", "services", "billing");
        Assert.Equal(201, status);
        var service = _tenant.Get("services", "billing").Body!;
        Assert.Equal(service["id"]!.GetValue<string>(), route!["service"]!["id"]!.GetValue<string>());
        var listed = _tenant.Run(o => o.List(new EntityAddress("routes", null, "services", "billing"), new ListQuery())).Body!;
        Assert.Single(listed["data"]!.AsArray());
    }

    [Fact]
    public void Reference_to_missing_entity_is_a_foreign_key_violation()
    {
        var (status, body) = _tenant.Post("routes", """{"paths":["/x"],"service":{"name":"ghost"}}""");
        Assert.Equal(400, status);
        Assert.Equal("foreign key violation", body!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Service_with_routes_cannot_be_deleted_but_plugins_cascade()
    {
        _tenant.Post("services", """{"name":"billing","host":"b.internal"}""");
        _tenant.Post("plugins", """{"name":"cors"}""", "services", "billing");
        _tenant.Post("routes", """{"name":"r1","paths":["/bill"]}""", "services", "billing");
        var (refused, body) = _tenant.Run(o => o.Remove(new EntityAddress("services", "billing")));
        Assert.Equal(400, refused);
        Assert.Equal("routes", body!["fields"]!["@referenced_by"]!.GetValue<string>());

        Assert.Equal(204, _tenant.Run(o => o.Remove(new EntityAddress("routes", "r1"))).Status);
        Assert.Equal(204, _tenant.Run(o => o.Remove(new EntityAddress("services", "billing"))).Status);
        var plugins = _tenant.Run(o => o.List(new EntityAddress("plugins"), new ListQuery())).Body!;
        Assert.Empty(plugins["data"]!.AsArray());
    }

    [Fact]
    public void Deleting_a_consumer_removes_its_credentials()
    {
        _tenant.Post("consumers", """{"username":"alice"}""");
        _tenant.Post("key-auth", """{"key":"k1"}""", "consumers", "alice");
        _tenant.Run(o => o.Remove(new EntityAddress("consumers", "alice")));
        Assert.Empty(_tenant.Store.All(Entities.EntityCatalog.Kong.Get("keyauth_credentials")));
    }

    [Fact]
    public void Put_creates_by_name_then_replaces_whole()
    {
        var (created, first) = _tenant.Run(o => o.Upsert(new EntityAddress("services", "billing"),
            JsonNode.Parse("""{"host":"b.internal","retries":9}""")!.AsObject()));
        Assert.Equal(200, created);
        _tenant.Clock.Now = _tenant.Clock.Now.AddSeconds(10);
        var (replaced, second) = _tenant.Run(o => o.Upsert(new EntityAddress("services", "billing"),
            JsonNode.Parse("""{"host":"c.internal"}""")!.AsObject()));
        Assert.Equal(200, replaced);
        Assert.Equal(first!["id"]!.GetValue<string>(), second!["id"]!.GetValue<string>());
        Assert.Equal(5, second["retries"]!.GetValue<long>());
        Assert.Equal(first["created_at"]!.GetValue<long>(), second["created_at"]!.GetValue<long>());
        Assert.Equal(1_700_000_010, second["updated_at"]!.GetValue<long>());
    }

    [Fact]
    public void Patch_merges_fields_and_nested_records()
    {
        _tenant.Post("plugins", """{"name":"rate-limiting","config":{"minute":5,"policy":"local"}}""");
        var id = _tenant.Store.All(Entities.EntityCatalog.Kong.Get("plugins")).Single()["id"]!.GetValue<string>();
        var (status, plugin) = _tenant.Run(o => o.Patch(new EntityAddress("plugins", id), JsonNode.Parse("""{"config":{"minute":10}}""")!.AsObject()));
        Assert.Equal(200, status);
        Assert.Equal(10, plugin!["config"]!["minute"]!.GetValue<int>());
        Assert.Equal("local", plugin["config"]!["policy"]!.GetValue<string>());
    }

    [Fact]
    public void Invalid_patch_changes_nothing()
    {
        _tenant.Post("services", """{"name":"billing","host":"b.internal"}""");
        var (status, _) = _tenant.Run(o => o.Patch(new EntityAddress("services", "billing"), JsonNode.Parse("""{"port":-1}""")!.AsObject()));
        Assert.Equal(400, status);
        Assert.Equal(80, _tenant.Get("services", "billing").Body!["port"]!.GetValue<long>());
    }

    [Fact]
    public void Api_key_is_shown_once_and_stored_only_as_keyed_hash()
    {
        _tenant.Post("consumers", """{"username":"alice"}""");
        var (status, credential) = _tenant.Post("key-auth", """{"key":"my-secret-key"}""", "consumers", "alice");
        Assert.Equal(201, status);
        Assert.Equal("my-secret-key", credential!["key"]!.GetValue<string>());

        var stored = _tenant.Store.All(Entities.EntityCatalog.Kong.Get("keyauth_credentials")).Single();
        Assert.DoesNotContain("my-secret-key", stored.ToJsonString());
        Assert.Equal(_tenant.Hasher.KeyHash("my-secret-key"), stored["key_hash"]!.GetValue<string>());

        var fetched = _tenant.Get("key-auths", credential["id"]!.GetValue<string>()).Body!;
        Assert.False(fetched.ContainsKey("key"));
        Assert.False(fetched.ContainsKey("key_hash"));
        Assert.Equal(200, _tenant.Get("key-auths", "my-secret-key").Status);
    }

    [Fact]
    public void Generated_api_key_is_returned_on_create()
    {
        _tenant.Post("consumers", """{"username":"alice"}""");
        var (_, credential) = _tenant.Post("key-auth", "{}", "consumers", "alice");
        Assert.True(credential!["key"]!.GetValue<string>().Length >= 24);
    }

    [Fact]
    public void Same_api_key_twice_is_a_unique_violation()
    {
        _tenant.Post("consumers", """{"username":"alice"}""");
        _tenant.Post("consumers", """{"username":"bob"}""");
        _tenant.Post("key-auth", """{"key":"shared"}""", "consumers", "alice");
        var (status, body) = _tenant.Post("key-auth", """{"key":"shared"}""", "consumers", "bob");
        Assert.Equal(409, status);
        Assert.DoesNotContain("shared", body!.ToJsonString());
    }

    [Fact]
    public void Basic_auth_password_is_stored_as_slow_salted_hash()
    {
        _tenant.Post("consumers", """{"username":"alice"}""");
        var (_, credential) = _tenant.Post("basic-auth", """{"username":"al","password":"s3cret"}""", "consumers", "alice");
        var stored = credential!["password"]!.GetValue<string>();
        Assert.StartsWith("$pbkdf2-sha256$", stored);
        Assert.True(Secrets.SecretHasher.VerifyPassword("s3cret", stored));
        Assert.False(Secrets.SecretHasher.VerifyPassword("wrong", stored));
    }

    [Fact]
    public void List_pages_with_size_and_offset_in_creation_order()
    {
        for (var i = 0; i < 5; i++)
        {
            _tenant.Clock.Now = _tenant.Clock.Now.AddSeconds(1);
            _tenant.Post("consumers", $$"""{"username":"user{{i}}"}""");
        }
        var names = new List<string>();
        string? offset = null;
        do
        {
            var page = _tenant.Run(o => o.List(new EntityAddress("consumers"), new ListQuery(2, offset))).Body!;
            names.AddRange(page["data"]!.AsArray().Select(c => c!["username"]!.GetValue<string>()));
            offset = page["offset"]?.GetValue<string>();
        } while (offset is not null);
        Assert.Equal(["user0", "user1", "user2", "user3", "user4"], names);
    }

    [Fact]
    public void Search_matches_text_fields_and_lists_of_text_case_insensitively_never_internal_ones()
    {
        _tenant.Post("services", """{"name":"billing","host":"billing.internal","tags":["finance"]}""");
        _tenant.Post("services", """{"name":"orders","host":"orders.internal"}""");
        _tenant.Post("routes", """{"name":"invoices","paths":["/Invoices"],"service":{"name":"billing"}}""");
        _tenant.Post("consumers", """{"username":"luka"}""");
        var (_, key) = _tenant.Post("key-auth", """{"key":"secret-key-123"}""", "consumers", "luka");
        string[] Found(string collection, string text) =>
            [.. _tenant.Run(o => o.List(new EntityAddress(collection), new ListQuery(Search: text))).Body!["data"]!.AsArray()
                .Select(e => e!["name"]?.GetValue<string>() ?? e!["id"]!.GetValue<string>())];

        Assert.Equal(["billing"], Found("services", "BILL"));
        Assert.Equal(["billing"], Found("services", "finance"));
        Assert.Equal(["invoices"], Found("routes", "/invoices"));
        Assert.Empty(Found("services", "nothing"));
        // The stored hash of a key is internal: a search never reveals it.
        var hash = _tenant.Store.All(EntityCatalog.Kong.Get("keyauth_credentials")).Single()["key_hash"]!.GetValue<string>();
        Assert.Empty(Found("key-auths", hash[..12]));
        Assert.Equal([key!["id"]!.GetValue<string>()], Found("key-auths", key["id"]!.GetValue<string>()[..8]));
    }

    [Fact]
    public void A_key_with_a_ttl_shows_the_seconds_it_has_left_and_a_patched_ttl_counts_from_the_patch()
    {
        _tenant.Post("consumers", """{"username":"luka"}""");
        var (_, key) = _tenant.Post("key-auth", """{"key":"k-1","ttl":100}""", "consumers", "luka");
        var (_, other) = _tenant.Post("key-auth", """{"key":"k-2"}""", "consumers", "luka");
        long? Ttl(JsonObject credential) => _tenant.Get("key-auths", credential["id"]!.GetValue<string>()).Body!["ttl"]?.GetValue<long>();

        _tenant.Clock.Now = _tenant.Clock.Now.AddSeconds(30);
        Assert.Equal(70, Ttl(key!));
        Assert.Null(Ttl(other!));

        // Rotation: the old key is given a grace period from now.
        Assert.Equal(200, _tenant.Run(o => o.Patch(new EntityAddress("key-auth", other!["id"]!.GetValue<string>(), "consumers", "luka"),
            JsonNode.Parse("""{"ttl":3600}""")!.AsObject())).Status);
        _tenant.Clock.Now = _tenant.Clock.Now.AddSeconds(600);
        Assert.Equal(3000, Ttl(other!));
        Assert.Equal(0, Ttl(key!));
    }

    [Fact]
    public void An_oauth2_client_gets_an_id_naming_its_tenant_and_a_secret_shown_once_and_kept_as_a_hash()
    {
        _tenant.Post("consumers", """{"username":"luka"}""");
        var (status, created) = _tenant.Post("oauth2", """{"name":"reports","scopes":["orders:read"]}""", "consumers", "luka");
        Assert.Equal(201, status);
        var clientId = created!["client_id"]!.GetValue<string>();
        var secret = created["client_secret"]!.GetValue<string>();
        Assert.StartsWith("acme.", clientId);
        var stored = _tenant.Store.All(EntityCatalog.Kong.Get("oauth2_credentials")).Single();
        Assert.True(SecretHasher.VerifyPassword(secret, stored["client_secret_hash"]!.GetValue<string>()));
        Assert.Null(stored["client_secret"]);
        Assert.Null(_tenant.Get("oauth2", clientId).Body!["client_secret"]);

        // A given secret replaces the hash; a given id must name the tenant.
        Assert.Equal(200, _tenant.Run(o => o.Patch(new EntityAddress("oauth2", clientId, "consumers", "luka"),
            JsonNode.Parse("""{"client_secret":"new-secret-1"}""")!.AsObject())).Status);
        Assert.True(SecretHasher.VerifyPassword("new-secret-1",
            _tenant.Store.All(EntityCatalog.Kong.Get("oauth2_credentials")).Single()["client_secret_hash"]!.GetValue<string>()));
        var (refused, error) = _tenant.Post("oauth2", """{"name":"x","client_id":"other.id"}""", "consumers", "luka");
        Assert.Equal(400, refused);
        Assert.Equal("must start with 'acme.'", error!["fields"]!["client_id"]!.GetValue<string>());
    }

    [Fact]
    public void Bad_size_and_offset_are_kong_errors()
    {
        Assert.Equal(400, _tenant.Run(o => o.List(new EntityAddress("consumers"), new ListQuery(0))).Status);
        Assert.Equal(400, _tenant.Run(o => o.List(new EntityAddress("consumers"), new ListQuery(2000))).Status);
        var (status, body) = _tenant.Run(o => o.List(new EntityAddress("consumers"), new ListQuery(10, "!!!")));
        Assert.Equal(400, status);
        Assert.Equal("invalid offset", body!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Tags_filter_with_and_or()
    {
        _tenant.Post("consumers", """{"username":"a","tags":["x","y"]}""");
        _tenant.Post("consumers", """{"username":"b","tags":["x"]}""");
        _tenant.Post("consumers", """{"username":"c","tags":["z"]}""");
        int Count(string tags) => _tenant.Run(o => o.List(new EntityAddress("consumers"), new ListQuery(Tags: tags))).Body!["data"]!.AsArray().Count;
        Assert.Equal(1, Count("x,y"));
        Assert.Equal(3, Count("x/z"));
        Assert.Equal(2, Count("x"));
        var tagged = _tenant.Run(o => o.Tags("x", new ListQuery())).Body!["data"]!.AsArray();
        Assert.Equal(2, tagged.Count);
        Assert.All(tagged, t => Assert.Equal("consumers", t!["entity_name"]!.GetValue<string>()));
    }

    [Fact]
    public void One_plugin_per_name_and_scope()
    {
        Assert.Equal(201, _tenant.Post("plugins", """{"name":"cors"}""").Status);
        Assert.Equal(409, _tenant.Post("plugins", """{"name":"cors"}""").Status);
        _tenant.Post("services", """{"name":"s","host":"s.internal"}""");
        Assert.Equal(201, _tenant.Post("plugins", """{"name":"cors"}""", "services", "s").Status);
    }

    [Fact]
    public void Foreign_entity_endpoint_answers_the_referenced_entity()
    {
        _tenant.Post("services", """{"name":"billing","host":"b.internal"}""");
        _tenant.Post("routes", """{"name":"r1","paths":["/bill"]}""", "services", "billing");
        var (status, service) = _tenant.Run(o => o.Get(new EntityAddress("service", null, "routes", "r1")));
        Assert.Equal(200, status);
        Assert.Equal("billing", service!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Route_hosts_must_be_hosts_the_tenant_owns()
    {
        var (refused, body) = _tenant.Post("routes", """{"hosts":["acme.localhost","api.other.com"]}""");
        Assert.Equal(400, refused);
        var hosts = body!["fields"]!["hosts"]!.AsArray();
        Assert.Null(hosts[0]);
        Assert.StartsWith("host 'api.other.com' is not claimed by this tenant", hosts[1]!.GetValue<string>());

        _tenant.Post("domains", """{"name":"api.other.com"}""");
        _tenant.Post("domains", """{"name":"*.apps.other.com"}""");
        Assert.Equal(201, _tenant.Post("routes", """{"name":"r","hosts":["acme.localhost","api.other.com:8443","shop.apps.other.com","*.x.apps.other.com"]}""").Status);
        Assert.Equal(400, _tenant.Post("routes", """{"hosts":["apps.other.com"]}""").Status);
        Assert.Equal(400, _tenant.Post("routes", """{"hosts":["example.*"]}""").Status);
        Assert.Equal(400, _tenant.Post("routes", """{"hosts":["globex.localhost"]}""").Status);
    }

    [Fact]
    public void A_domain_a_route_uses_cannot_be_deleted()
    {
        _tenant.Post("domains", """{"name":"api.other.com"}""");
        _tenant.Post("routes", """{"name":"r","hosts":["api.other.com"]}""");
        var (refused, body) = _tenant.Run(o => o.Remove(new EntityAddress("domains", "api.other.com")));
        Assert.Equal(400, refused);
        Assert.Contains("route 'r'", body!["message"]!.GetValue<string>());
        _tenant.Run(o => o.Remove(new EntityAddress("routes", "r")));
        Assert.Equal(204, _tenant.Run(o => o.Remove(new EntityAddress("domains", "api.other.com"))).Status);
    }
}
