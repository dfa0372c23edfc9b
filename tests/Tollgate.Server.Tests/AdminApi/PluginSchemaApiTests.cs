namespace Tollgate.Server.AdminApi;

/// <summary>Plugins are checked on every write with the schema the gateway runs them with, and their schemas are served.</summary>
public class PluginSchemaApiTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    private async Task<(string Slug, HttpClient Admin)> NewTenant()
    {
        var slug = AdminHttp.NewSlug("ps");
        return (slug, _node.AdminAs(await _node.CreateTenant(slug)));
    }

    [Fact]
    public async Task An_unknown_plugin_is_refused_naming_the_field()
    {
        var (slug, admin) = await NewTenant();
        var reply = await admin.Post($"/{slug}/plugins", """{"name":"no-such-plugin"}""");
        Assert.Equal(400, reply.Code);
        Assert.Equal("plugin 'no-such-plugin' not enabled; add it to the 'plugins' configuration property", reply.Json["fields"]!["name"]!.GetValue<string>());
        Assert.Empty((await admin.Get($"/{slug}/plugins")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task An_invalid_config_is_refused_naming_the_nested_field_and_changes_nothing()
    {
        var (slug, admin) = await NewTenant();
        var reply = await admin.Post($"/{slug}/plugins", """{"name":"rate-limiting","config":{"minute":"lots","policy":"memcached"}}""");
        Assert.Equal(400, reply.Code);
        Assert.Equal("expected a number", reply.Json["fields"]!["config"]!["minute"]!.GetValue<string>());
        Assert.Equal("expected one of: local, cluster, redis", reply.Json["fields"]!["config"]!["policy"]!.GetValue<string>());
        Assert.Empty((await admin.Get($"/{slug}/plugins")).Json["data"]!.AsArray());

        var created = await admin.Post($"/{slug}/plugins", """{"name":"rate-limiting","config":{"minute":5}}""");
        Assert.Equal(201, created.Code);
        var patched = await admin.Patch($"/{slug}/plugins/{created.Id}", """{"config":{"second":10}}""");
        Assert.Equal(400, patched.Code);
        Assert.Contains("cannot be lower than the limit for second", patched.Text);
        Assert.Equal(5, (await admin.Get($"/{slug}/plugins/{created.Id}")).Json["config"]!["minute"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_stored_config_carries_kongs_defaults()
    {
        var (slug, admin) = await NewTenant();
        var created = await admin.Post($"/{slug}/plugins", """{"name":"key-auth"}""");
        Assert.Equal(201, created.Code);
        var config = created.Json["config"]!;
        Assert.Equal("apikey", config["key_names"]![0]!.GetValue<string>());
        Assert.True(config["key_in_header"]!.GetValue<bool>());
        Assert.False(config["hide_credentials"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Curl_form_fields_are_typed_by_the_plugins_own_schema()
    {
        var (slug, admin) = await NewTenant();
        var created = await admin.PostForm($"/{slug}/plugins",
            ("name", "key-auth"), ("config.key_names", "x-api-key"), ("config.hide_credentials", "true"));
        Assert.Equal(201, created.Code);
        Assert.Equal("x-api-key", created.Json["config"]!["key_names"]![0]!.GetValue<string>());
        Assert.True(created.Json["config"]!["hide_credentials"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_auth_plugin_cannot_be_scoped_to_a_consumer()
    {
        var (slug, admin) = await NewTenant();
        Assert.Equal(201, (await admin.Post($"/{slug}/consumers", """{"username":"alice"}""")).Code);
        var reply = await admin.Post($"/{slug}/consumers/alice/plugins", """{"name":"key-auth"}""");
        Assert.Equal(400, reply.Code);
        Assert.Equal("value must be null", reply.Json["fields"]!["consumer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plugin_schemas_are_served_and_validation_writes_nothing()
    {
        var (slug, admin) = await NewTenant();
        var schema = await admin.Get("/schemas/plugins/rate-limiting");
        Assert.Equal(200, schema.Code);
        var config = schema.Json["fields"]!.AsArray().Single(f => f!.AsObject().ContainsKey("config"))!["config"]!;
        var policy = config["fields"]!.AsArray().Single(f => f!.AsObject().ContainsKey("policy"))!["policy"]!;
        Assert.Equal("local", policy["default"]!.GetValue<string>());
        Assert.Equal(404, (await admin.Get("/schemas/plugins/no-such-plugin")).Code);

        var valid = await admin.Post("/schemas/plugins/validate", """{"name":"cors","config":{"origins":["https://.*\\.example\\.com"]}}""");
        Assert.Equal(200, valid.Code);
        Assert.Equal("schema validation successful", valid.Json["message"]!.GetValue<string>());
        var invalid = await admin.Post("/schemas/plugins/validate", """{"name":"cors","config":{"origins":["(unclosed"]}}""");
        Assert.Equal(400, invalid.Code);
        Assert.NotNull(invalid.Json["fields"]!["config"]!["origins"]);
        Assert.Empty((await admin.Get($"/{slug}/plugins")).Json["data"]!.AsArray());

        var enabled = await admin.Get("/plugins/enabled");
        Assert.Contains("jwt", enabled.Json["enabled_plugins"]!.AsArray().Select(p => p!.GetValue<string>()));
    }
}
