using System.Text.Json.Nodes;

namespace Tollgate.Deployment;

/// <summary>
/// infra/compose.yaml: PostgreSQL, two silos, two gateway nodes, the portal and a sample upstream, each Tollgate
/// service built from its role's Dockerfile and started only once what it needs is healthy.
/// </summary>
public class ComposeTests
{
    private static readonly JsonObject Services = Repository.Yaml(Repository.Read("infra/compose.yaml")).Single()!["services"]!.AsObject();

    /// <summary>A service's environment, with the YAML merge keys (&lt;&lt;: *anchor) applied.</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var environment = new Dictionary<string, string>();
        var declared = Services[service]!["environment"]!.AsObject();
        if (declared["<<"] is JsonObject merged) foreach (var (name, value) in merged) environment[name] = value!.ToString();
        foreach (var (name, value) in declared.Where(p => p.Key != "<<")) environment[name] = value!.ToString();
        return environment;
    }

    [Fact]
    public void Is_well_formed_yaml()
    {
        var lint = Tools.Yamllint("infra/compose.yaml");
        Assert.True(lint.ExitCode == 0, lint.ToString());
    }

    [Fact]
    public void Runs_postgres_two_silos_two_gateway_nodes_the_portal_and_an_upstream()
    {
        Assert.Equal(["gateway-1", "gateway-2", "portal", "postgres", "silo-1", "silo-2", "upstream"], Services.Select(s => s.Key).Order());
        foreach (var (service, role) in new[] { ("silo-1", "silo"), ("silo-2", "silo"), ("gateway-1", "gateway"), ("gateway-2", "gateway"), ("portal", "portal") })
        {
            Assert.Equal($"infra/docker/{role}.Dockerfile", Services[service]!["build"]!["dockerfile"]!.GetValue<string>());
            Assert.Equal("..", Services[service]!["build"]!["context"]!.GetValue<string>());
            Assert.Contains("Host=postgres;", Environment(service)["TOLLGATE_Postgres__ConnectionString"]);
        }
        // Other silos and the gateway nodes reach each silo by its service name.
        Assert.Equal("silo-1", Environment("silo-1")["TOLLGATE_Cluster__AdvertisedAddress"]);
        Assert.Equal("silo-2", Environment("silo-2")["TOLLGATE_Cluster__AdvertisedAddress"]);
        Assert.All(new[] { "silo-1", "silo-2", "portal" }, s => Assert.False(string.IsNullOrEmpty(Environment(s)["TOLLGATE_BootstrapToken"])));
        Assert.Equal("http://gateway-1:8000", Environment("portal")["TOLLGATE_Portal__GatewayUrl"]);
    }

    [Fact]
    public void Starts_each_service_after_what_it_needs_is_healthy_and_pins_every_image()
    {
        Assert.NotNull(Services["postgres"]!["healthcheck"]);
        foreach (var (service, needs) in new[] { ("silo-1", "postgres"), ("silo-2", "postgres"), ("gateway-1", "silo-1"), ("gateway-2", "silo-2"), ("portal", "silo-1") })
        {
            Assert.Equal("service_healthy", Services[service]!["depends_on"]![needs]!["condition"]!.GetValue<string>());
        }
        foreach (var (name, service) in Services)
        {
            var image = service!["image"]!.GetValue<string>();
            Assert.Matches(@":[\w.-]+$", image);
            Assert.DoesNotContain(":latest", image);
        }
        // Long enough for a node to finish its requests and flush its analytics.
        Assert.All(new[] { "gateway-1", "gateway-2", "silo-1", "silo-2" }, s => Assert.Equal("45s", Services[s]!["stop_grace_period"]!.GetValue<string>()));
    }
}
