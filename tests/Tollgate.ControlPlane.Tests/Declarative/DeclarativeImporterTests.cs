using System.Text.Json.Nodes;
using Tollgate.Declarative;
using Tollgate.Entities;

namespace Tollgate.Declarative;

public class DeclarativeImporterTests
{
    private const string KongFile = """
        _format_version: "3.0"
        _transform: true
        services:
        - name: orders
          url: http://orders.internal:8080/v1
          retries: 3
          tags: [team-a]
          routes:
          - name: orders-route
            paths: [/orders]
            methods: [GET, POST]
            strip_path: false
            plugins:
            - name: cors
              config:
                origins: ["*"]
          plugins:
          - name: rate-limiting
            config:
              minute: 20
              policy: local
        consumers:
        - username: alice
          custom_id: "42"
          keyauth_credentials:
          - key: alice-key
          basicauth_credentials:
          - username: alice
            password: wonderland
        consumer_groups:
        - name: gold
          consumers:
          - username: alice
        upstreams:
        - name: orders.upstream
          targets:
          - target: 10.0.0.1:8080
            weight: 50
          - target: 10.0.0.2
        plugins:
        - name: correlation-id
          config:
            header_name: X-Request-ID
        """;

    private readonly TenantWorkspace _tenant = new();

    private DeclarativeImporter.Result Import(string yaml, TenantWorkspace? into = null)
    {
        var target = into ?? _tenant;
        var document = DeclarativeFormat.Parse(yaml, out var error) ?? throw new InvalidOperationException(error);
        return new DeclarativeImporter("acme", target.Store, target.Hasher, target.Clock, target.HostPolicy).Import(document);
    }

    private static void Apply(TenantWorkspace tenant, DeclarativeImporter.Result result)
    {
        Assert.Null(result.Error?.Body);
        foreach (var (schema, entity) in result.Diff!.Deleted) tenant.Store.Remove(schema, Tenants.EntityStore.IdOf(entity));
        foreach (var (schema, entity) in result.Diff.Created.Concat(result.Diff.Updated)) tenant.Store.Put(schema, entity);
        tenant.Store.Commit();
    }

    private static string Export(TenantWorkspace tenant) => DeclarativeFormat.ToYaml(DeclarativeExporter.Export(tenant.Store));

    [Fact]
    public void Kong_file_imports_every_nested_entity()
    {
        Apply(_tenant, Import(KongFile));
        var route = _tenant.Get("routes", "orders-route").Body!;
        var service = _tenant.Get("services", "orders").Body!;
        Assert.Equal(service["id"]!.GetValue<string>(), route["service"]!["id"]!.GetValue<string>());
        Assert.Equal(8080, service["port"]!.GetValue<long>());
        Assert.Equal(3, _tenant.Store.All(EntityCatalog.Kong.Get("plugins")).Count());
        Assert.Equal(2, _tenant.Store.All(EntityCatalog.Kong.Get("targets")).Count());
        Assert.Contains(_tenant.Store.All(EntityCatalog.Kong.Get("targets")), t => t["target"]!.GetValue<string>() == "10.0.0.2:8000");
        Assert.Equal(200, _tenant.Get("key-auths", "alice-key").Status);
        Assert.Single(_tenant.Store.All(EntityCatalog.Kong.Get("consumer_group_consumers")));
    }

    [Fact]
    public void Export_import_export_gives_an_identical_document()
    {
        Apply(_tenant, Import(KongFile));
        var first = Export(_tenant);

        var other = new TenantWorkspace();
        Apply(other, Import(first, other));
        Assert.Equal(first, Export(other));
    }

    [Fact]
    public void Reimporting_the_same_file_changes_nothing()
    {
        Apply(_tenant, Import(KongFile));
        var again = Import(KongFile);
        Assert.True(again.Diff!.IsEmpty, again.Diff.ToJson().ToJsonString());
    }

    [Fact]
    public void Entities_left_out_of_the_file_are_deleted()
    {
        Apply(_tenant, Import(KongFile));
        var result = Import("""
            _format_version: "3.0"
            services:
            - name: orders
              url: http://orders.internal:8080/v1
            """);
        Assert.Contains(result.Diff!.Deleted, d => d.Schema.Name == "consumers");
        Assert.Contains(result.Diff.Updated, d => d.Schema.Name == "services");
    }

    [Fact]
    public void Invalid_document_lists_every_bad_entity_with_its_path_and_applies_nothing()
    {
        Apply(_tenant, Import(KongFile));
        var before = Export(_tenant);
        var result = Import("""
            _format_version: "3.0"
            services:
            - name: good
              host: good.internal
              routes:
              - name: bad-route
                paths: [nope]
            - name: bad-service
              port: 99999
            consumers:
            - custom_id: "1"
              keyauth_credentials:
              - key: 7
            """);
        Assert.NotNull(result.Error);
        Assert.Equal(400, result.Error!.Status);
        var body = JsonNode.Parse(result.Error.Body!)!.AsObject();
        Assert.Equal("invalid declarative configuration", body["name"]!.GetValue<string>());
        var paths = body["flattened_errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("services[0].routes[0]", paths);
        Assert.Contains("services[1]", paths);
        Assert.Contains("consumers[0].keyauth_credentials[0]", paths);
        Assert.Equal(before, Export(_tenant));
    }

    [Fact]
    public void Unknown_top_level_key_and_bad_format_version_are_rejected()
    {
        var result = Import("""
            _format_version: "9.9"
            servicez: []
            """);
        var paths = JsonNode.Parse(result.Error!.Body!)!["flattened_errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>());
        Assert.Contains("_format_version", paths);
        Assert.Contains("servicez", paths);
    }

    [Fact]
    public void Top_level_routes_and_plugins_reference_by_name()
    {
        var result = Import("""
            _format_version: "3.0"
            services:
            - name: orders
              host: orders.internal
            routes:
            - name: r
              paths: [/r]
              service: orders
            plugins:
            - name: key-auth
              route: r
            """);
        Apply(_tenant, result);
        var plugin = _tenant.Store.All(EntityCatalog.Kong.Get("plugins")).Single();
        Assert.Equal(_tenant.Get("routes", "r").Body!["id"]!.GetValue<string>(), plugin["route"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Ids_survive_reimport_for_entities_created_through_the_admin_api()
    {
        var (_, service) = _tenant.Post("services", """{"name":"orders","host":"orders.internal"}""");
        var result = Import("""
            _format_version: "3.0"
            services:
            - name: orders
              host: orders.internal
              retries: 1
            """);
        Assert.Equal(service!["id"]!.GetValue<string>(), result.Diff!.Updated.Single().Entity["id"]!.GetValue<string>());
    }

    [Fact]
    public void Json_documents_are_accepted_too()
    {
        var result = Import("""{"_format_version":"3.0","consumers":[{"username":"bob"}]}""");
        Assert.Single(result.Diff!.Created);
    }

    [Fact]
    public void Broken_yaml_is_a_clear_error()
    {
        Assert.Null(DeclarativeFormat.Parse("services: [\n  - name: x\n bad", out var error));
        Assert.StartsWith("failed parsing declarative configuration", error);
    }
}
