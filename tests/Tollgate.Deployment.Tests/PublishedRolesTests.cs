using System.Net;

namespace Tollgate.Deployment;

/// <summary>
/// The published roles started as their containers start them (<c>dotnet {entry}</c> with the images' TOLLGATE_
/// settings) against the test PostgreSQL: each answers its readiness probe and the image's health command, two silos
/// starting together share one migrated schema, and together they proxy a request and flush its analytics on SIGTERM.
/// </summary>
public class PublishedRolesTests(PublishedRoles published) : IClassFixture<PublishedRoles>
{
    private const string OperatorToken = "tgb_deployment_tests_operator_token_0123456789";

    /// <summary>A role's settings as its Dockerfile sets them, plus the cluster's (what compose and the chart add).</summary>
    private static Dictionary<string, string> Image(string role, string connection, string dataDir, int status)
    {
        var environment = new Dictionary<string, string>
        {
            ["TOLLGATE_DataDir"] = dataDir,
            ["TOLLGATE_Ports__Status"] = status.ToString(),
            ["TOLLGATE_Serilog__MinimumLevel__Default"] = "Warning",
        };
        if (role != "gateway")
        {
            environment["TOLLGATE_Roles"] = role switch { "silo" => "silo,admin", "portal" => "portal", _ => "all" };
            environment["TOLLGATE_Storage"] = "Postgres";
            environment["TOLLGATE_BootstrapToken"] = OperatorToken;
        }
        environment["TOLLGATE_Postgres__ConnectionString"] = connection;
        return environment;
    }

    /// <summary>A started role and the settings it was given.</summary>
    private sealed record Running(NodeProcess Process, Dictionary<string, string> Environment) : IAsyncDisposable
    {
        public int Port(string name) => int.Parse(Environment[$"TOLLGATE_Ports__{name}"]);

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private async Task<Running> Start(string role, string connection, Dictionary<string, string>? extra = null)
    {
        var dataDir = Directory.CreateTempSubdirectory($"tollgate-{role}-").FullName;
        var (proxy, status) = (TollgateNode.FreePort(), TollgateNode.FreePort());
        var environment = Image(role, connection, dataDir, status);
        // Each process its own ports, as each container has its own address.
        foreach (var port in new[] { "ProxyHttps", "ProxyHttp2", "Admin", "Portal" }) environment[$"TOLLGATE_Ports__{port}"] = TollgateNode.FreePort().ToString();
        environment["TOLLGATE_Ports__Proxy"] = proxy.ToString();
        environment["TOLLGATE_Cluster__SiloPort"] = TollgateNode.FreePort().ToString();
        environment["TOLLGATE_Cluster__GatewayPort"] = TollgateNode.FreePort().ToString();
        foreach (var (name, value) in extra ?? []) environment[name] = value;
        return new Running(await NodeProcess.StartPublished(published.Folder(role), PublishedRoles.Assembly(role), environment, proxy, status, dataDir), environment);
    }

    /// <summary>The image's HEALTHCHECK command, run against a process: its exit code.</summary>
    private ToolResult Health(string role, int statusPort) =>
        Tools.Run("dotnet", [Path.Combine(published.Folder(role), PublishedRoles.Assembly(role)), "health", $"http://127.0.0.1:{statusPort}/status/ready"]);

    private static HttpClient Operator(Running silo)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.Port("Admin")}") };
        client.DefaultRequestHeaders.Add("Kong-Admin-Token", OperatorToken);
        return client;
    }

    [Fact]
    public async Task Each_published_role_starts_in_its_role_and_answers_its_readiness_probe_and_health_command()
    {
        var connection = await TestPostgres.CreateDatabase();
        // Both silos start together on an empty database: the migration lock lets one migrate while the other waits.
        var silos = await Task.WhenAll(Start("silo", connection), Start("silo", connection));
        await using var first = silos[0];
        await using var second = silos[1];
        await using var gateway = await Start("gateway", connection);
        await using var portal = await Start("portal", connection);
        // The all-in-one image defaults to SQLite; on PostgreSQL it is a cluster of its own.
        await using var allInOne = await Start("all-in-one", await TestPostgres.CreateDatabase());

        foreach (var (role, process) in new[] { ("silo", first), ("silo", second), ("gateway", gateway), ("portal", portal), ("all-in-one", allInOne) })
        {
            var health = Health(role, process.Port("Status"));
            Assert.True(health.ExitCode == 0, $"{role}: {health}");
        }
        Assert.Equal(HttpStatusCode.OK, (await Operator(second).GetAsync("/tenants")).StatusCode);
        using var portalPage = await new HttpClient().GetAsync($"http://127.0.0.1:{portal.Port("Portal")}/signup");
        Assert.Equal(HttpStatusCode.OK, portalPage.StatusCode);

        // A stopped process fails the health check, as the container engine would see it.
        var stoppedPort = gateway.Port("Status");
        Assert.Equal(0, await gateway.Process.Stop(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, Health("gateway", stoppedPort).ExitCode);
    }

    [Fact]
    public async Task The_published_roles_form_a_cluster_that_proxies_a_request_and_flush_its_analytics_when_stopped()
    {
        await using var upstream = await TestUpstream.Start("published");
        var connection = await TestPostgres.CreateDatabase();
        await using var silo = await Start("silo", connection);
        var slug = AdminHttp.NewSlug("pub");
        var created = await Operator(silo).Post("/tenants", $$"""{"slug":"{{slug}}","name":"Published"}""");
        Assert.True(created.Code == 201, created.Text);
        var admin = Operator(silo);
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""")).Code);
        var route = (await admin.Post($"/{slug}/services/s/routes", """{"name":"r","paths":["/r"]}""")).Id;
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;

        // The node only flushes analytics on the way down, as a pod being stopped does.
        await using var gateway = await Start("gateway", connection, new() { ["TOLLGATE_Gateway__Analytics__FlushInterval"] = "01:00:00" });
        var host = $"{slug}.localhost";
        await Eventually.Holds(async () => await gateway.Process.Get(host, "/r") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the published gateway node serving the new route");
        for (var i = 0; i < 9; i++) Assert.Equal(HttpStatusCode.OK, await gateway.Process.Get(host, "/r"));
        Assert.True(upstream.Hits >= 10);

        Assert.Equal(0, await gateway.Process.Stop(TimeSpan.FromSeconds(60)));
        var report = await admin.Get($"/{slug}/analytics/requests?from={since}&granularity=minute&route={route}&source=upstream");
        Assert.Equal(upstream.Hits, report.Json["totals"]!["requests"]!.GetValue<long>());
    }
}
