using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Tenants;

namespace Tollgate.Server.AdminApi;

/// <summary>
/// The Kong-compatible Admin API as a user sees it over real HTTP. Runs once per storage backend.
/// </summary>
public abstract class AdminApiContract(TollgateNode node)
{
    protected TollgateNode Node { get; } = node;

    private async Task<(string Slug, HttpClient Client)> NewTenant()
    {
        var slug = AdminHttp.NewSlug();
        return (slug, Node.AdminAs(await Node.CreateTenant(slug)));
    }

    [Fact]
    public async Task Kong_curl_script_creates_services_routes_consumers_and_keys()
    {
        var (_, kong) = await NewTenant();
        // The same calls as Kong's getting-started guide, without a workspace prefix: the token names the tenant.
        var service = await kong.PostForm("/services", ("name", "example_service"), ("url", "http://httpbin.internal/anything"));
        Assert.Equal(201, service.Code);
        Assert.Equal("httpbin.internal", service.Json["host"]!.GetValue<string>());
        Assert.Equal("/anything", service.Json["path"]!.GetValue<string>());

        var route = await kong.PostForm("/services/example_service/routes", ("paths[]", "/mock"), ("name", "example_route"));
        Assert.Equal(201, route.Code);
        Assert.Equal(service.Id, route.Json["service"]!["id"]!.GetValue<string>());
        Assert.True(route.Json["strip_path"]!.GetValue<bool>());

        Assert.Equal(201, (await kong.PostForm("/consumers", ("username", "luka"))).Code);
        var key = await kong.PostForm("/consumers/luka/key-auth", ("key", "top-secret"));
        Assert.Equal(201, key.Code);
        Assert.Equal("top-secret", key.Json["key"]!.GetValue<string>());
        var generated = await kong.Post("/consumers/luka/key-auth");
        Assert.Equal(201, generated.Code);
        Assert.False(string.IsNullOrEmpty(generated.Json["key"]!.GetValue<string>()));

        var keys = await kong.Get("/consumers/luka/key-auth");
        Assert.Equal(2, keys.Json["data"]!.AsArray().Count);
        Assert.DoesNotContain("top-secret", keys.Text);

        var plugin = await kong.PostForm("/services/example_service/plugins", ("name", "rate-limiting"), ("config.minute", "5"), ("config.policy", "local"));
        Assert.Equal(201, plugin.Code);
        Assert.Equal(5, plugin.Json["config"]!["minute"]!.GetValue<int>());

        var fetched = await kong.Get("/services/example_service");
        Assert.Equal(200, fetched.Code);
        Assert.Equal(5, fetched.Json["retries"]!.GetValue<int>());
        Assert.Equal(60000, fetched.Json["connect_timeout"]!.GetValue<int>());
    }

    public static IEnumerable<object[]> Families() =>
    [
        ["services", """{"name":"svc","host":"svc.internal"}""", """{"retries":2}""", "retries"],
        ["routes", """{"name":"rt","paths":["/rt"]}""", """{"strip_path":false}""", "strip_path"],
        ["consumers", """{"username":"carol"}""", """{"custom_id":"c-1"}""", "custom_id"],
        ["plugins", """{"name":"cors","config":{"origins":["*"]}}""", """{"enabled":false}""", "enabled"],
        ["upstreams", """{"name":"backend.internal"}""", """{"algorithm":"least-connections"}""", "algorithm"],
        ["consumer_groups", """{"name":"gold"}""", """{"tags":["vip"]}""", "tags"],
        ["domains", """{"name":"DOMAIN"}""", """{"tags":["prod"]}""", "tags"],
    ];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Every_entity_family_supports_create_get_list_patch_put_and_delete(string family, string create, string patch, string field)
    {
        var (slug, admin) = await NewTenant();
        create = create.Replace("DOMAIN", $"api.{slug}.example.com");
        var created = await admin.Post($"/{slug}/{family}", create);
        Assert.True(created.Code == 201, created.Text);
        var id = created.Id;

        Assert.Equal(id, (await admin.Get($"/{slug}/{family}/{id}")).Id);
        var listed = await admin.Get($"/{slug}/{family}");
        Assert.Contains(listed.Json["data"]!.AsArray(), e => e!["id"]!.GetValue<string>() == id);

        var patched = await admin.Patch($"/{slug}/{family}/{id}", patch);
        Assert.True(patched.Code == 200, patched.Text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(patch)![field], patched.Json[field]), patched.Text);
        Assert.Equal((await admin.Get($"/{slug}/{family}/{id}")).Json[field]!.ToJsonString(), patched.Json[field]!.ToJsonString());

        var put = await admin.Put($"/{slug}/{family}/{id}", create);
        Assert.True(put.Code == 200, put.Text);
        Assert.Equal(id, put.Id);

        Assert.Equal(204, (await admin.Delete($"/{slug}/{family}/{id}")).Code);
        Assert.Equal(404, (await admin.Get($"/{slug}/{family}/{id}")).Code);
        Assert.Equal(204, (await admin.Delete($"/{slug}/{family}/{id}")).Code);
    }

    [Fact]
    public async Task Upstream_targets_certificates_snis_and_credentials_nest_under_their_parent()
    {
        var (slug, admin) = await NewTenant();
        Assert.Equal(201, (await admin.Post($"/{slug}/upstreams", """{"name":"orders.upstream"}""")).Code);
        var target = await admin.Post($"/{slug}/upstreams/orders.upstream/targets", """{"target":"10.0.0.7:9000","weight":25}""");
        Assert.Equal(201, target.Code);
        Assert.Equal(25, target.Json["weight"]!.GetValue<int>());
        Assert.Single((await admin.Get($"/{slug}/upstreams/orders.upstream/targets")).Json["data"]!.AsArray());
        Assert.Equal(204, (await admin.Delete($"/{slug}/upstreams/orders.upstream/targets/{target.Id}")).Code);

        var (cert, key) = TestCertificates.SelfSigned("api.example.com");
        var certificate = await admin.Post($"/{slug}/certificates", new JsonObject { ["cert"] = cert, ["key"] = key }.ToJsonString());
        Assert.True(certificate.Code == 201, certificate.Text);
        var sni = await admin.Post($"/{slug}/certificates/{certificate.Id}/snis", """{"name":"api.example.com"}""");
        Assert.Equal(201, sni.Code);
        Assert.Equal(certificate.Id, (await admin.Get($"/{slug}/snis/api.example.com")).Json["certificate"]!["id"]!.GetValue<string>());
        var (_, otherKey) = TestCertificates.SelfSigned("other.example.com");
        var mismatched = await admin.Post($"/{slug}/certificates", new JsonObject { ["cert"] = cert, ["key"] = otherKey }.ToJsonString());
        Assert.Equal(400, mismatched.Code);
        Assert.Equal(204, (await admin.Delete($"/{slug}/certificates/{certificate.Id}")).Code);
        Assert.Equal(404, (await admin.Get($"/{slug}/snis/api.example.com")).Code);

        Assert.Equal(201, (await admin.Post($"/{slug}/consumers", """{"username":"dora"}""")).Code);
        var basic = await admin.Post($"/{slug}/consumers/dora/basic-auth", """{"username":"dora","password":"explorer"}""");
        Assert.Equal(201, basic.Code);
        Assert.StartsWith("$pbkdf2-sha256$", basic.Json["password"]!.GetValue<string>());
        Assert.Equal(200, (await admin.Get($"/{slug}/basic-auths/dora")).Code);
        Assert.Equal("dora", (await admin.Get($"/{slug}/basic-auths/dora/consumer")).Json["username"]!.GetValue<string>());
        var scoped = await admin.Post($"/{slug}/consumers/dora/plugins", """{"name":"rate-limiting","config":{"second":1}}""");
        Assert.Equal(201, scoped.Code);
        Assert.Equal(204, (await admin.Delete($"/{slug}/consumers/dora")).Code);
        Assert.Equal(404, (await admin.Get($"/{slug}/basic-auths/dora")).Code);
        Assert.Equal(404, (await admin.Get($"/{slug}/plugins/{scoped.Id}")).Code);
    }

    [Fact]
    public async Task Consumers_join_and_leave_groups_from_either_side()
    {
        var (slug, admin) = await NewTenant();
        await admin.Post($"/{slug}/consumer_groups", """{"name":"gold"}""");
        await admin.Post($"/{slug}/consumer_groups", """{"name":"silver"}""");
        await admin.Post($"/{slug}/consumers", """{"username":"ann"}""");
        await admin.Post($"/{slug}/consumers", """{"username":"ben"}""");

        var joined = await admin.PostForm($"/{slug}/consumer_groups/gold/consumers", ("consumer", "ann"));
        Assert.True(joined.Code == 201, joined.Text);
        Assert.Equal("gold", joined.Json["consumer_group"]!["name"]!.GetValue<string>());
        Assert.Equal("ann", joined.Json["consumers"]![0]!["username"]!.GetValue<string>());
        Assert.Equal(201, (await admin.Post($"/{slug}/consumers/ben/consumer_groups", """{"group":["gold","silver"]}""")).Code);
        Assert.Equal(409, (await admin.Post($"/{slug}/consumers/ben/consumer_groups", """{"group":"gold"}""")).Code);
        Assert.Equal(400, (await admin.Post($"/{slug}/consumers/ben/consumer_groups", """{"group":"platinum"}""")).Code);

        var members = (await admin.Get($"/{slug}/consumer_groups/gold/consumers")).Json["data"]!.AsArray();
        Assert.Equal(["ann", "ben"], members.Select(m => m!["username"]!.GetValue<string>()).Order());
        Assert.Equal(2, (await admin.Get($"/{slug}/consumers/ben/consumer_groups")).Json["data"]!.AsArray().Count);

        Assert.Equal(204, (await admin.Delete($"/{slug}/consumer_groups/gold/consumers/ann")).Code);
        Assert.Single((await admin.Get($"/{slug}/consumer_groups/gold/consumers")).Json["data"]!.AsArray());
        Assert.Equal(204, (await admin.Delete($"/{slug}/consumers/ben")).Code);
        Assert.Empty((await admin.Get($"/{slug}/consumer_groups/gold/consumers")).Json["data"]!.AsArray());
        Assert.Empty((await admin.Get($"/{slug}/consumer_groups/silver/consumers")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task Certificate_uploaded_as_files_with_snis_shorthand()
    {
        var (slug, admin) = await NewTenant();
        var (cert, key) = TestCertificates.SelfSigned("shop.example.com");
        // curl -F cert=@cert.pem -F key=@key.pem -F snis[]=shop.example.com -F snis[]=www.example.com
        var upload = new MultipartFormDataContent
        {
            { new StringContent(cert), "cert", "cert.pem" },
            { new StringContent(key), "key", "key.pem" },
            { new StringContent("shop.example.com"), "snis[]" },
            { new StringContent("www.example.com"), "snis[]" },
        };
        var created = await admin.Send(HttpMethod.Post, $"/{slug}/certificates", upload);
        Assert.True(created.Code == 201, $"{created.Code} {created.Text}");
        Assert.Equal(["shop.example.com", "www.example.com"], created.Json["snis"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(created.Id, (await admin.Get($"/{slug}/snis/www.example.com")).Json["certificate"]!["id"]!.GetValue<string>());

        var patched = await admin.Patch($"/{slug}/certificates/{created.Id}", """{"snis":["shop.example.com"]}""");
        Assert.Equal(["shop.example.com"], patched.Json["snis"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(404, (await admin.Get($"/{slug}/snis/www.example.com")).Code);

        var (otherCert, otherKey) = TestCertificates.SelfSigned("other.example.com");
        var clash = await admin.Post($"/{slug}/certificates",
            new JsonObject { ["cert"] = otherCert, ["key"] = otherKey, ["snis"] = new JsonArray("shop.example.com") }.ToJsonString());
        Assert.Equal(409, clash.Code);
        Assert.Single((await admin.Get($"/{slug}/certificates")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task Nested_paths_look_only_under_their_parent()
    {
        var (slug, admin) = await NewTenant();
        await admin.Post($"/{slug}/upstreams", """{"name":"one.upstream"}""");
        await admin.Post($"/{slug}/upstreams", """{"name":"two.upstream"}""");
        var first = await admin.Post($"/{slug}/upstreams/one.upstream/targets", """{"target":"10.9.9.9:80"}""");
        var second = await admin.Post($"/{slug}/upstreams/two.upstream/targets", """{"target":"10.9.9.9:80","weight":7}""");
        Assert.Equal(201, second.Code);
        Assert.Equal(second.Id, (await admin.Get($"/{slug}/upstreams/two.upstream/targets/10.9.9.9:80")).Id);
        Assert.Equal(first.Id, (await admin.Get($"/{slug}/upstreams/one.upstream/targets/10.9.9.9:80")).Id);
        Assert.Equal(404, (await admin.Get($"/{slug}/upstreams/one.upstream/targets/{second.Id}")).Code);
        var patched = await admin.Patch($"/{slug}/upstreams/two.upstream/targets/10.9.9.9:80", """{"weight":9}""");
        Assert.Equal(second.Id, patched.Id);
        Assert.Equal(100, (await admin.Get($"/{slug}/upstreams/one.upstream/targets/10.9.9.9:80")).Json["weight"]!.GetValue<int>());
    }

    private static readonly string[] HostileValues =
    [
        "null", "0", "-1", "1.5", "1e400", "\"\"", "\"x\"", "true", "[]", "[null]", "[1,\"a\",{}]", "{}", "{\"id\":5}",
        "{\"name\":[]}", "\"\u0000\"", "\"../../etc/passwd\"", "9223372036854775808", "{\"a\":{\"b\":{\"c\":[[[]]]}}}",
    ];

    public static IEnumerable<object[]> Creations() => Families().Select(f => new[] { f[0], f[1] });

    [Theory]
    [MemberData(nameof(Creations))]
    public async Task Hostile_field_values_get_4xx_and_change_nothing(string family, string create)
    {
        var (slug, admin) = await NewTenant();
        create = create.Replace("DOMAIN", $"api.{slug}.example.com");
        var created = await admin.Post($"/{slug}/{family}", create);
        Assert.Equal(201, created.Code);
        var before = (await admin.Get($"/{slug}/config")).Text;
        var fields = JsonNode.Parse(create)!.AsObject().Select(p => p.Key)
            .Concat(["id", "tags", "config", "service", "route", "consumer", "paths", "headers", "healthchecks", "protocols", "target", "url", "snis"])
            .Distinct();
        foreach (var name in fields)
        {
            foreach (var value in HostileValues)
            {
                var body = $"{{\"{name}\":{value}}}";
                foreach (var (method, path) in new[]
                {
                    (HttpMethod.Patch, $"/{slug}/{family}/{created.Id}"),
                    (HttpMethod.Post, $"/{slug}/{family}"),
                    (HttpMethod.Put, $"/{slug}/{family}/{created.Id}"),
                })
                {
                    var reply = await admin.Send(method, path, body);
                    Assert.True(reply.Code < 500, $"{method} {path} {body}: {reply.Code} {reply.Text}");
                    if (reply.Code is >= 200 and < 300 && method != HttpMethod.Post)
                    {
                        // A value that is valid after all (e.g. tags: []) may apply; put the entity back as it was.
                        Assert.Equal(200, (await admin.Put(path, create)).Code);
                    }
                    else if (reply.Code == 201)
                    {
                        Assert.Equal(204, (await admin.Delete($"/{slug}/{family}/{reply.Id}")).Code);
                    }
                }
            }
        }
        Assert.Equal(before, (await admin.Get($"/{slug}/config")).Text);
    }

    [Fact]
    public async Task A_tenant_rotates_its_admin_tokens()
    {
        var (slug, first) = await NewTenant();
        var issued = await first.Post($"/{slug}/admin-tokens", """{"name":"ci"}""");
        Assert.Equal(201, issued.Code);
        var second = Node.AdminAs(issued.Json["token"]!.GetValue<string>());
        Assert.Equal(200, (await second.Get($"/{slug}/services")).Code);

        var listed = await second.Get("/admin-tokens");
        Assert.Equal(["ci", "initial"], listed.Json["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order());
        Assert.DoesNotContain("tgt_", listed.Text);

        var initial = listed.Json["data"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "initial")!["id"]!.GetValue<string>();
        Assert.Equal(204, (await second.Delete($"/{slug}/admin-tokens/{initial}")).Code);
        Assert.Equal(401, (await first.Get($"/{slug}/services")).Code);
        Assert.Equal(200, (await second.Get($"/{slug}/services")).Code);
        Assert.Equal(400, (await second.Post($"/{slug}/admin-tokens", """{"name":5}""")).Code);
    }

    [Fact]
    public async Task Errors_use_kongs_status_codes_and_bodies()
    {
        var (slug, admin) = await NewTenant();
        var invalid = await admin.Post($"/{slug}/services", """{"name":"x","port":"eighty","protocol":"ftp","colour":"red"}""");
        Assert.Equal(400, invalid.Code);
        Assert.Equal(2, invalid.Json["code"]!.GetValue<int>());
        Assert.Equal("schema violation", invalid.Json["name"]!.GetValue<string>());
        var fields = invalid.Json["fields"]!.AsObject();
        Assert.Equal("expected an integer", fields["port"]!.GetValue<string>());
        Assert.Equal("unknown field", fields["colour"]!.GetValue<string>());
        Assert.Equal("required field missing", fields["host"]!.GetValue<string>());
        Assert.StartsWith("expected one of:", fields["protocol"]!.GetValue<string>());

        await admin.Post($"/{slug}/services", """{"name":"dup","host":"a.internal"}""");
        var conflict = await admin.Post($"/{slug}/services", """{"name":"dup","host":"b.internal"}""");
        Assert.Equal(409, conflict.Code);
        Assert.Equal("unique constraint violation", conflict.Json["name"]!.GetValue<string>());

        var missing = await admin.Get($"/{slug}/services/nothing-here");
        Assert.Equal(404, missing.Code);
        Assert.Equal("Not found", missing.Json["message"]!.GetValue<string>());
        Assert.Equal(404, (await admin.Get($"/{slug}/widgets")).Code);

        Assert.Equal(405, (await admin.Post($"/{slug}/services/dup")).Code);
        Assert.Equal(405, (await admin.Put($"/{slug}/services", "{}")).Code);

        var unsupported = await admin.Send(HttpMethod.Post, $"/{slug}/services", new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(415, unsupported.Code);

        var malformed = await admin.Send(HttpMethod.Post, $"/{slug}/services", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(400, malformed.Code);
        Assert.Equal("Cannot parse JSON body", malformed.Json["message"]!.GetValue<string>());

        var notObject = await admin.Post($"/{slug}/services", "[1,2]");
        Assert.Equal(400, notObject.Code);

        var wrongNested = await admin.Post($"/{slug}/routes", """{"paths":"/not-an-array","service":"svc"}""");
        Assert.Equal(400, wrongNested.Code);
        Assert.Equal("expected an array", wrongNested.Json["fields"]!["paths"]!.GetValue<string>());
        Assert.Equal("expected a record", wrongNested.Json["fields"]!["service"]!.GetValue<string>());

        var deepNesting = await admin.Post($"/{slug}/services", new string('[', 5000) + new string(']', 5000));
        Assert.Equal(400, deepNesting.Code);
    }

    [Fact]
    public async Task Huge_bodies_and_path_tricks_are_refused_without_a_server_error()
    {
        var (slug, admin) = await NewTenant();
        // Like curl, the client asks before uploading a large body, so the refusal reaches it before the upload.
        var huge = new string('x', 17 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{slug}/services")
        {
            Content = new StringContent($$"""{"name":"{{huge}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        var tooLarge = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("Payload too large", await tooLarge.Content.ReadAsStringAsync());

        foreach (var path in new[]
        {
            $"/{slug}/services/..%2F..%2Ftenants",
            $"/{slug}/../tenants",
            $"/{slug}/services/%2e%2e/%2e%2e/etc/passwd",
            "/..%2F..%2Fetc%2Fpasswd",
            $"/{slug}/services/a/b/c/d/e",
        })
        {
            var reply = await admin.Get(path);
            Assert.True(reply.Code is >= 400 and < 500, $"{path}: {reply.Code} {reply.Text}");
        }
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_refused()
    {
        var (slug, _) = await NewTenant();
        Assert.Equal(401, (await Node.Admin.Get($"/{slug}/services")).Code);
        Assert.Equal(401, (await Node.AdminAs("tgt_not-a-real-token").Get($"/{slug}/services")).Code);
        Assert.Equal(401, (await Node.Admin.Post("/tenants", """{"slug":"nope-tenant","name":"n"}""")).Code);
        var bearer = new HttpClient { BaseAddress = Node.Admin.BaseAddress };
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TollgateNode.BootstrapToken);
        Assert.Equal(200, (await bearer.Get($"/{slug}/services")).Code);
    }

    [Fact]
    public async Task A_tenants_token_gets_403_on_every_path_of_another_tenant()
    {
        var (a, tokenA) = await NewTenant();
        var (b, tokenB) = await NewTenant();
        await tokenB.Post($"/{b}/services", """{"name":"secret-svc","host":"b.internal"}""");
        await tokenB.Post($"/{b}/services/secret-svc/routes", """{"name":"secret-route","paths":["/b"]}""");
        await tokenB.Post($"/{b}/consumers", """{"username":"bob"}""");
        await tokenB.Post($"/{b}/upstreams", """{"name":"b.upstream"}""");

        var paths = new[]
        {
            "services", "services/secret-svc", "services/secret-svc/routes", "services/secret-svc/plugins", "routes", "routes/secret-route",
            "routes/secret-route/service", "consumers", "consumers/bob", "consumers/bob/key-auth", "consumers/bob/basic-auth",
            "consumers/bob/plugins", "plugins", "upstreams", "upstreams/b.upstream/targets", "consumer_groups", "certificates", "snis",
            "key-auths", "basic-auths", "domains", "tags", "tags/x", "config", "admin-tokens",
        };
        foreach (var path in paths)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Patch, HttpMethod.Put, HttpMethod.Delete })
            {
                var reply = await tokenA.Send(method, $"/{b}/{path}", "{}");
                Assert.True(reply.Code == 403, $"{method} /{b}/{path} answered {reply.Code}");
            }
        }
        Assert.Equal(403, (await tokenA.Get($"/tenants/{b}")).Code);
        Assert.Equal(403, (await tokenA.Get("/tenants")).Code);
        Assert.Equal(403, (await tokenA.Patch($"/tenants/{b}", """{"plan":"pro"}""")).Code);
        Assert.Equal(403, (await tokenA.Delete($"/tenants/{b}")).Code);

        // B's data is untouched and invisible from A's own workspace.
        Assert.Equal(200, (await tokenB.Get($"/{b}/services/secret-svc")).Code);
        Assert.Empty((await tokenA.Get($"/{a}/services")).Json["data"]!.AsArray());
        Assert.Empty((await tokenA.Get("/services")).Json["data"]!.AsArray());
        Assert.Equal(404, (await tokenA.Get($"/{a}/services/{(await tokenB.Get($"/{b}/services/secret-svc")).Id}")).Code);
    }

    [Fact]
    public async Task Concurrent_patches_to_one_entity_lose_none()
    {
        var (slug, admin) = await NewTenant();
        var plugin = await admin.Post($"/{slug}/plugins", """{"name":"rate-limiting","config":{"year":1000}}""");
        string[] numbers = ["second", "minute", "hour", "day", "month"];
        string[] texts = ["error_message", "header_name", "redis_host", "redis_username", "redis_password", "redis_server_name"];
        var patches = numbers.Select(f => "{\"config\":{\"" + f + "\":1000}}")
            .Concat(texts.Select(f => "{\"config\":{\"" + f + "\":\"v-" + f.Replace('_', '-') + "\"}}"))
            .Select(body => admin.Patch($"/{slug}/plugins/{plugin.Id}", body));
        var replies = await Task.WhenAll(patches);
        Assert.All(replies, r => Assert.Equal(200, r.Code));
        var config = (await admin.Get($"/{slug}/plugins/{plugin.Id}")).Json["config"]!.AsObject();
        Assert.All(numbers, f => Assert.Equal(1000, config[f]!.GetValue<double>()));
        Assert.All(texts, f => Assert.Equal("v-" + f.Replace('_', '-'), config[f]!.GetValue<string>()));
    }

    private const string Declarative = """
        _format_version: "3.0"
        services:
        - name: orders
          url: http://orders.internal:8080/v1
          routes:
          - name: orders-route
            paths: [/orders]
            plugins:
            - name: key-auth
        consumers:
        - username: alice
          keyauth_credentials:
          - key: alice-key
        upstreams:
        - name: orders.upstream
          targets:
          - target: 10.0.0.1:8080
        plugins:
        - name: correlation-id
        """;

    private static Task<AdminHttp.Reply> PostYaml(HttpClient client, string path, string yaml) =>
        client.Send(HttpMethod.Post, path, new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    [Fact]
    public async Task Declarative_config_imports_and_exports_round_trip()
    {
        var (a, adminA) = await NewTenant();
        var imported = await PostYaml(adminA, $"/{a}/config", Declarative);
        Assert.True(imported.Code == 201, imported.Text);
        Assert.Equal(200, (await adminA.Get($"/{a}/routes/orders-route")).Code);
        Assert.Equal(200, (await adminA.Get($"/{a}/key-auths/alice-key")).Code);

        var exported = (await adminA.Get($"/{a}/config?format=yaml")).Text;
        Assert.Contains("_format_version: \"3.0\"", exported);
        Assert.DoesNotContain("alice-key", exported);

        var (b, adminB) = await NewTenant();
        Assert.Equal(201, (await PostYaml(adminB, $"/{b}/config", exported)).Code);
        Assert.Equal(exported, (await adminB.Get($"/{b}/config?format=yaml")).Text);
        Assert.Equal(200, (await adminB.Get($"/{b}/key-auths/alice-key")).Code);

        var basic = await adminA.Post($"/{a}/consumers/alice/basic-auth", """{"username":"alice","password":"p+ss<word>"}""");
        Assert.DoesNotContain("\\u002B", basic.Text);

        var json = await adminA.Get($"/{a}/config");
        Assert.Equal("3.0", json.Json["_format_version"]!.GetValue<string>());
        var kongWrapped = await adminB.Post($"/{b}/config", new JsonObject { ["config"] = Declarative }.ToJsonString());
        Assert.Equal(201, kongWrapped.Code);
    }

    [Fact]
    public async Task Rejected_import_lists_errors_and_leaves_state_unchanged()
    {
        var (slug, admin) = await NewTenant();
        Assert.Equal(201, (await PostYaml(admin, $"/{slug}/config", Declarative)).Code);
        var before = (await admin.Get($"/{slug}/config")).Text;
        var version = (await Node.Grains.GetGrain<ITenantGrain>(slug).GetSnapshot()).Version;

        var rejected = await PostYaml(admin, $"/{slug}/config", """
            _format_version: "3.0"
            services:
            - name: fine
              host: fine.internal
            - name: broken
              host: broken.internal
              port: -5
              routes:
              - paths: [relative]
            """);
        Assert.Equal(400, rejected.Code);
        var paths = rejected.Json["flattened_errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("services[1]", paths);
        Assert.Contains("services[1].routes[0]", paths);
        Assert.Equal(before, (await admin.Get($"/{slug}/config")).Text);
        Assert.Equal(version, (await Node.Grains.GetGrain<ITenantGrain>(slug).GetSnapshot()).Version);

        var unparsable = await PostYaml(admin, $"/{slug}/config", "services: [ {name: x");
        Assert.Equal(400, unparsable.Code);

        var check = await PostYaml(admin, $"/{slug}/config?check=true", """
            _format_version: "3.0"
            consumers:
            - username: zed
            """);
        Assert.Equal(200, check.Code);
        Assert.Equal("zed", check.Json["diff"]!["created"]![0]!["name"]!.GetValue<string>());
        Assert.NotEmpty(check.Json["diff"]!["deleted"]!.AsArray());
        Assert.Equal(before, (await admin.Get($"/{slug}/config")).Text);
    }

    [Fact]
    public async Task Gateway_reads_snapshot_and_delta_of_admin_changes()
    {
        var (slug, admin) = await NewTenant();
        var tenant = Node.Grains.GetGrain<ITenantGrain>(slug);
        var start = (await tenant.GetSnapshot()).Version;

        var service = await admin.Post($"/{slug}/services", """{"name":"s1","host":"s1.internal"}""");
        await admin.Post($"/{slug}/services/s1/routes", """{"name":"r1","paths":["/r1"]}""");
        await admin.Post($"/{slug}/consumers", """{"username":"u1"}""");
        await admin.Post($"/{slug}/consumers/u1/key-auth", """{"key":"k1"}""");
        await admin.Patch($"/{slug}/services/s1", """{"retries":1}""");

        var snapshot = await tenant.GetSnapshot();
        Assert.Equal(start + 5, snapshot.Version);
        Assert.Contains(snapshot.Entities, e => e.Collection == "routes");
        Assert.DoesNotContain(snapshot.Entities, e => e.Collection == "keyauth_credentials");
        Assert.Contains("\"retries\":1", snapshot.Entities.Single(e => e.Collection == "services").Json);

        var delta = await tenant.GetDelta(start);
        Assert.False(delta.SnapshotRequired);
        Assert.Equal(snapshot.Version, delta.ToVersion);
        Assert.Equal(5, delta.Changes.Count);
        Assert.Null(delta.Changes.Single(c => c.Collection == "keyauth_credentials").Json);
        Assert.Equal(service.Id, delta.Changes[^1].Id.ToString());

        await admin.Delete($"/{slug}/routes/r1");
        var deletion = await tenant.GetDelta(snapshot.Version);
        Assert.Null(Assert.Single(deletion.Changes).Json);
    }

    [Fact]
    public async Task A_claimed_host_belongs_to_one_tenant()
    {
        var (a, adminA) = await NewTenant();
        var (b, adminB) = await NewTenant();
        var host = $"api.{a}.example.com";
        Assert.Equal(201, (await adminA.Post($"/{a}/domains", $$"""{"name":"{{host}}"}""")).Code);
        var taken = await adminB.Post($"/{b}/domains", $$"""{"name":"{{host}}"}""");
        Assert.Equal(409, taken.Code);
        Assert.Empty((await adminB.Get($"/{b}/domains")).Json["data"]!.AsArray());

        Assert.Equal(204, (await adminA.Delete($"/{a}/domains/{host}")).Code);
        Assert.Equal(201, (await adminB.Post($"/{b}/domains", $$"""{"name":"{{host}}"}""")).Code);
        Assert.Equal(b, await Node.Grains.GetGrain<IHostClaimGrain>(host).GetOwner());
    }

    [Fact]
    public async Task Tenants_are_created_validated_listed_updated_and_deleted_by_the_operator()
    {
        var op = Node.Operator();
        var bad = await op.Post("/tenants", """{"slug":"Bad_Slug!","name":"x","plan":"gold","extra":1}""");
        Assert.Equal(400, bad.Code);
        Assert.NotNull(bad.Json["fields"]!["slug"]);
        Assert.NotNull(bad.Json["fields"]!["plan"]);
        Assert.NotNull(bad.Json["fields"]!["extra"]);
        Assert.Equal(400, (await op.Post("/tenants", """{"slug":"services","name":"x"}""")).Code);
        Assert.Equal(400, (await op.Post("/tenants", """{"slug":"ab","name":"x"}""")).Code);

        var slug = AdminHttp.NewSlug();
        var created = await op.Post("/tenants", $$"""{"slug":"{{slug}}","name":"Acme Inc"}""");
        Assert.Equal(201, created.Code);
        Assert.Equal("free", created.Json["plan"]!.GetValue<string>());
        Assert.Equal("shared", created.Json["pool"]!.GetValue<string>());
        var token = created.Json["admin_token"]!.GetValue<string>();
        Assert.Equal(409, (await op.Post("/tenants", $$"""{"slug":"{{slug}}","name":"Again"}""")).Code);

        var own = Node.AdminAs(token);
        Assert.Equal("Acme Inc", (await own.Get($"/tenants/{slug}")).Json["name"]!.GetValue<string>());
        Assert.False((await own.Get($"/tenants/{slug}")).Json.ContainsKey("admin_token"));

        var patched = await op.Patch($"/tenants/{slug}", """{"plan":"pro"}""");
        Assert.Equal("pro", patched.Json["plan"]!.GetValue<string>());
        Assert.Equal(400, (await op.Patch($"/tenants/{slug}", """{"slug":"other"}""")).Code);

        var slugs = new List<string>();
        string? next = "/tenants?size=2";
        while (next is not null)
        {
            var page = await op.Get(next);
            slugs.AddRange(page.Json["data"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()));
            next = page.Json["next"]?.GetValue<string>();
        }
        Assert.Contains(slug, slugs);
        Assert.Equal(slugs.Distinct().Count(), slugs.Count);

        await own.Post($"/{slug}/services", """{"name":"s","host":"s.internal"}""");
        Assert.Equal(204, (await op.Delete($"/tenants/{slug}")).Code);
        Assert.Equal(404, (await op.Get($"/tenants/{slug}")).Code);
        Assert.Equal(401, (await own.Get($"/{slug}/services")).Code);
        Assert.Equal(404, (await op.Get($"/{slug}/services")).Code);
    }

    [Fact]
    public async Task Api_reference_and_health_are_served()
    {
        var openapi = await Node.Admin.Get("/openapi.json");
        Assert.Equal(200, openapi.Code);
        Assert.Equal("3.0.3", openapi.Json["openapi"]!.GetValue<string>());
        Assert.NotNull(openapi.Json["paths"]!["/{tenant}/services/{key}"]);
        var docs = await Node.Admin.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi.json", await docs.Content.ReadAsStringAsync());
        Assert.Equal(200, (await Node.Admin.Get("/schemas/services")).Code);

        Assert.Equal(200, (await Node.Status.Get("/status/live")).Code);
        var ready = await Node.Status.Get("/status/ready");
        Assert.Equal(200, ready.Code);
        Assert.True((await Node.Admin.Get("/status")).Json["database"]!["reachable"]!.GetValue<bool>());
    }
}

public sealed class SqliteAdminApiTests(SqliteNodeFixture fixture) : AdminApiContract(fixture.Node), IClassFixture<SqliteNodeFixture>;

public sealed class PostgresAdminApiTests(PostgresNodeFixture fixture) : AdminApiContract(fixture.Node), IClassFixture<PostgresNodeFixture>;
