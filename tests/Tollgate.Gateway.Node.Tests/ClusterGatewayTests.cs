using System.Net;

namespace Tollgate.Gateway.Node;

/// <summary>Standalone gateway nodes against a cluster of silos on PostgreSQL.</summary>
public class ClusterGatewayTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    private static async Task<(string Slug, HttpClient Admin)> Tenant(TollgateNode silo, TestUpstream upstream, string path)
    {
        var slug = AdminHttp.NewSlug("cl");
        var admin = silo.AdminAs(await silo.CreateTenant(slug));
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""")).Code);
        Assert.Equal(201, (await admin.Post($"/{slug}/services/s/routes", $$"""{"name":"r","paths":["{{path}}"]}""")).Code);
        return (slug, admin);
    }

    private static Task Serves(RunningNode node, string host, string path, HttpStatusCode status = HttpStatusCode.OK) =>
        Eventually.Holds(async () => (await node.Get(host, path)).Status == status, Soon, $"node on {node.ProxyPort} answering {path} with {(int)status}");

    [Fact]
    public async Task Two_gateway_nodes_and_two_silos_serve_a_change_made_through_either_silo()
    {
        await using var upstream = await TestUpstream.Start("cluster");
        var first = await NodeSettings.Postgres();
        await using var siloA = await TollgateNode.Start(first);
        await using var siloB = await TollgateNode.Start(first.SecondSilo());
        await using var nodeA = RunningNode.Start(first, Directory.CreateTempSubdirectory().FullName);
        await using var nodeB = RunningNode.Start(first, Directory.CreateTempSubdirectory().FullName);

        var (slug, admin) = await Tenant(siloA, upstream, "/first");
        var host = $"{slug}.localhost";
        await Serves(nodeA, host, "/first");
        await Serves(nodeB, host, "/first");

        var viaB = siloB.AdminAs((await admin.Post($"/{slug}/admin-tokens", "{}")).Json["token"]!.GetValue<string>());
        Assert.Equal(200, (await viaB.Patch($"/{slug}/routes/r", """{"paths":["/second"]}""")).Code);
        await Serves(nodeA, host, "/second");
        await Serves(nodeB, host, "/second");
        Assert.Equal(HttpStatusCode.NotFound, (await nodeA.Get(host, "/first")).Status);
    }

    [Fact]
    public async Task A_node_serves_through_a_control_plane_outage_and_restarts_from_its_disk_cache()
    {
        await using var upstream = await TestUpstream.Start("outage");
        var cluster = await NodeSettings.Postgres();
        var cacheDir = Directory.CreateTempSubdirectory().FullName;
        var silo = await TollgateNode.Start(cluster);
        var (slug, admin) = await Tenant(silo, upstream, "/kept");
        var host = $"{slug}.localhost";
        var token = (await admin.Post($"/{slug}/admin-tokens", "{}")).Json["token"]!.GetValue<string>();

        var node = RunningNode.Start(cluster, cacheDir);
        await Serves(node, host, "/kept");

        // Every silo stops: the node keeps serving what it has.
        await silo.DisposeAsync();
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await node.Get(host, "/kept")).Status);

        // The node restarts while the silos are still down: it serves from its disk cache.
        await node.DisposeAsync();
        await using var restarted = RunningNode.Start(cluster, cacheDir);
        await Serves(restarted, host, "/kept");
        Assert.True(await restarted.IsReady());

        // The control plane returns and a change made there reaches the node.
        await using var back = await TollgateNode.Start(cluster.SecondSilo());
        Assert.Equal(200, (await back.AdminAs(token).Patch($"/{slug}/routes/r", """{"paths":["/changed"]}""")).Code);
        await Serves(restarted, host, "/changed");
    }

    [Fact]
    public async Task Every_change_to_a_route_reaches_both_nodes_with_many_tenants_loaded()
    {
        // The drill at CI size; ./build.sh drill propagation runs it with 10,000 tenants and prints the figures.
        var result = await Tollgate.Testing.Drills.PropagationDrill.Run(tenants: 200, changes: 10, TextWriter.Null);
        Console.WriteLine(result);
        Assert.Equal(10, result.ChangeMs.Count);
    }
}
