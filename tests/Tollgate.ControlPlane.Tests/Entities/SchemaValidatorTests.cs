using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Entities;

public class SchemaValidatorTests
{
    private static (JsonObject? Entity, JsonObject Errors) Validate(string collection, string json)
    {
        var errors = new FieldErrors();
        var entity = SchemaValidator.Normalize(EntityCatalog.Kong.Get(collection), JsonNode.Parse(json)!.AsObject(), errors);
        return (entity, errors.ToJson());
    }

    [Fact]
    public void Service_gets_kong_defaults()
    {
        var (service, _) = Validate("services", """{"host":"example.com"}""");
        Assert.NotNull(service);
        Assert.Equal("http", service!["protocol"]!.GetValue<string>());
        Assert.Equal(80, service["port"]!.GetValue<long>());
        Assert.Equal(5, service["retries"]!.GetValue<long>());
        Assert.Equal(60000, service["connect_timeout"]!.GetValue<long>());
        Assert.Equal(60000, service["read_timeout"]!.GetValue<long>());
        Assert.Equal(60000, service["write_timeout"]!.GetValue<long>());
        Assert.True(service["enabled"]!.GetValue<bool>());
        Assert.True(service.ContainsKey("path"));
        Assert.Null(service["path"]);
    }

    [Theory]
    [InlineData("http://httpbin.org", "http", "httpbin.org", 80, null)]
    [InlineData("https://api.example.com/v1/users", "https", "api.example.com", 443, "/v1/users")]
    [InlineData("http://10.0.0.5:8080/", "http", "10.0.0.5", 8080, "/")]
    public void Service_url_shorthand_sets_protocol_host_port_and_path(string url, string protocol, string host, int port, string? path)
    {
        var (service, errors) = Validate("services", $$"""{"url":"{{url}}"}""");
        Assert.True(service is not null, errors.ToJsonString());
        Assert.Equal(protocol, service!["protocol"]!.GetValue<string>());
        Assert.Equal(host, service["host"]!.GetValue<string>());
        Assert.Equal(port, service["port"]!.GetValue<long>());
        Assert.Equal(path, service["path"]?.GetValue<string>());
        Assert.False(service.ContainsKey("url"));
    }

    [Fact]
    public void Every_bad_field_is_named_with_kongs_rule()
    {
        var (service, errors) = Validate("services", """{"host":"a.com","port":70000,"retries":"x","protocol":"gopher","bogus":1}""");
        Assert.Null(service);
        Assert.Equal("value should be between 0 and 65535", errors["port"]!.GetValue<string>());
        Assert.Equal("expected an integer", errors["retries"]!.GetValue<string>());
        Assert.StartsWith("expected one of: http, https", errors["protocol"]!.GetValue<string>());
        Assert.Equal("unknown field", errors["bogus"]!.GetValue<string>());
    }

    [Fact]
    public void Missing_required_field_is_reported()
    {
        var (_, errors) = Validate("services", """{"name":"x"}""");
        Assert.Equal("required field missing", errors["host"]!.GetValue<string>());
    }

    [Fact]
    public void Route_defaults_match_kong()
    {
        var (route, errors) = Validate("routes", """{"paths":["/a"]}""");
        Assert.True(route is not null, errors.ToJsonString());
        Assert.True(route!["strip_path"]!.GetValue<bool>());
        Assert.False(route["preserve_host"]!.GetValue<bool>());
        Assert.Equal("v0", route["path_handling"]!.GetValue<string>());
        Assert.Equal(0, route["regex_priority"]!.GetValue<long>());
        Assert.Equal(426, route["https_redirect_status_code"]!.GetValue<long>());
        Assert.Equal(["http", "https"], route["protocols"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public void Route_needs_a_matching_attribute_for_http()
    {
        var (route, errors) = Validate("routes", """{"name":"r"}""");
        Assert.Null(route);
        Assert.Contains("must set one of 'methods', 'hosts', 'headers', 'paths'", errors["@entity"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Grpc_routes_match_on_hosts_headers_or_paths()
    {
        Assert.NotNull(Validate("routes", """{"protocols":["grpc"],"paths":["/greet.Greeter/"]}""").Entity);
        var (route, errors) = Validate("routes", """{"protocols":["grpc"]}""");
        Assert.Null(route);
        Assert.Equal("must set one of 'hosts', 'headers', 'paths' when 'protocols' is 'grpc'", errors["@entity"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Route_rejects_bad_paths_methods_and_regexes_by_element()
    {
        var (_, errors) = Validate("routes", """{"paths":["/ok","nope","~/(unclosed"],"methods":["GET","get"]}""");
        var paths = errors["paths"]!.AsArray();
        Assert.Null(paths[0]);
        Assert.Equal("should start with: / (fixed path) or ~/ (regex path)", paths[1]!.GetValue<string>());
        Assert.StartsWith("invalid regex", paths[2]!.GetValue<string>());
        Assert.Equal("invalid value: get", errors["methods"]![1]!.GetValue<string>());
    }

    [Fact]
    public void Upstream_healthchecks_are_filled_from_defaults()
    {
        var (upstream, errors) = Validate("upstreams", """{"name":"backend.internal","healthchecks":{"active":{"healthy":{"interval":5}}}}""");
        Assert.True(upstream is not null, errors.ToJsonString());
        var active = upstream!["healthchecks"]!["active"]!;
        Assert.Equal(5, active["healthy"]!["interval"]!.GetValue<long>());
        Assert.Equal([200L, 302L], active["healthy"]!["http_statuses"]!.AsArray().Select(s => s!.GetValue<long>()));
        Assert.Equal("/", active["http_path"]!.GetValue<string>());
        Assert.Equal([429L, 500L, 503L], upstream["healthchecks"]!["passive"]!["unhealthy"]!["http_statuses"]!.AsArray().Select(s => s!.GetValue<long>()));
        Assert.Equal("round-robin", upstream["algorithm"]!.GetValue<string>());
        Assert.Equal(10000, upstream["slots"]!.GetValue<long>());
    }

    [Fact]
    public void Nested_record_errors_are_nested()
    {
        var (_, errors) = Validate("upstreams", """{"name":"u","healthchecks":{"active":{"timeout":"slow"}}}""");
        Assert.Equal("expected an integer", errors["healthchecks"]!["active"]!["timeout"]!.GetValue<string>());
    }

    [Fact]
    public void Target_without_port_gets_kongs_default_port()
    {
        var (target, errors) = Validate("targets", """{"target":"10.1.2.3","upstream":{"id":"2a5d0f6e-58e2-4d5b-8d66-9c1f8c1d9e11"}}""");
        Assert.True(target is not null, errors.ToJsonString());
        Assert.Equal("10.1.2.3:8000", target!["target"]!.GetValue<string>());
        Assert.Equal(100, target["weight"]!.GetValue<long>());
    }

    [Fact]
    public void Consumer_needs_username_or_custom_id()
    {
        var (consumer, errors) = Validate("consumers", "{}");
        Assert.Null(consumer);
        Assert.Equal("at least one of these fields must be non-empty: 'custom_id', 'username'", errors["@entity"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Sets_drop_duplicates_and_arrays_keep_order()
    {
        var (route, _) = Validate("routes", """{"methods":["GET","POST","GET"],"paths":["/b","/a"]}""");
        Assert.Equal(["GET", "POST"], route!["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["/b", "/a"], route["paths"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public void Internal_fields_are_refused_from_input()
    {
        var (_, errors) = Validate("keyauth_credentials", """{"consumer":{"id":"2a5d0f6e-58e2-4d5b-8d66-9c1f8c1d9e11"},"key_hash":"abc"}""");
        Assert.Equal("unknown field", errors["key_hash"]!.GetValue<string>());
    }
}
