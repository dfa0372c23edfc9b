using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Tollgate.Gateway.Node;

/// <summary>Plugins whose state spans nodes: key revocation reaching every node, and cluster-wide rate limits.</summary>
public class PluginClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    private static async Task<(string Host, HttpClient Admin, string Slug)> Tenant(TollgateNode silo, TestUpstream upstream, string plugins)
    {
        var slug = AdminHttp.NewSlug("pc");
        var admin = silo.AdminAs(await silo.CreateTenant(slug));
        var declarative = $$"""
            {"_format_version":"3.0",
             "services":[{"name":"s","url":"http://{{upstream.Address}}","routes":[{"name":"r","paths":["/api"],"plugins":{{plugins}}}]}],
             "consumers":[{"username":"alice","keyauth_credentials":[{"key":"alice-key"}]}]}
            """;
        Assert.Equal(201, (await admin.Post($"/{slug}/config", declarative)).Code);
        return ($"{slug}.localhost", admin, slug);
    }

    private static Task Serves(RunningNode node, string host) =>
        Eventually.Holds(async () => (await node.Get(host, "/api", ("apikey", "alice-key"))).Status == HttpStatusCode.OK, Soon, $"node on {node.ProxyPort} serving");

    [Fact]
    public async Task A_deleted_key_is_refused_on_every_node_without_a_restart()
    {
        await using var upstream = await TestUpstream.Start("revoke");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster);
        await using var nodeA = RunningNode.Start(cluster, Directory.CreateTempSubdirectory().FullName);
        await using var nodeB = RunningNode.Start(cluster, Directory.CreateTempSubdirectory().FullName);
        var (host, admin, slug) = await Tenant(silo, upstream, """[{"name":"key-auth"}]""");
        await Serves(nodeA, host);
        await Serves(nodeB, host);

        var clock = Stopwatch.StartNew();
        Assert.Equal(204, (await admin.Delete($"/{slug}/key-auths/alice-key")).Code);
        // Within the nodes' version poll (2 s) even if a push notice were lost; how fast it is, is the propagation
        // drill's figure, not this test's.
        foreach (var node in new[] { nodeA, nodeB })
        {
            await Eventually.Holds(async () => (await node.Get(host, "/api", ("apikey", "alice-key"))).Status == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(5), "the deleted key being refused");
        }
        output.WriteLine($"deleted key refused on both nodes after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_proxy_cache_purge_through_the_admin_api_reaches_every_node()
    {
        await using var upstream = await TestUpstream.Start("cache");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster);
        await using var nodeA = RunningNode.Start(cluster, Directory.CreateTempSubdirectory().FullName);
        await using var nodeB = RunningNode.Start(cluster, Directory.CreateTempSubdirectory().FullName);
        var (host, admin, slug) = await Tenant(silo, upstream, """[{"name":"proxy-cache","config":{"strategy":"memory"}}]""");
        RunningNode[] nodes = [nodeA, nodeB];
        static async Task<string> CacheStatus(RunningNode node, string host) =>
            (await node.Get(host, "/api/cached")).Headers.GetValues("X-Cache-Status").Single();
        string key = "";
        foreach (var node in nodes)
        {
            await Eventually.Holds(async () => (await node.Get(host, "/api/cached")).Status == HttpStatusCode.OK, Soon, "the route being served");
            var hit = await node.Get(host, "/api/cached");
            Assert.Equal("Hit", hit.Headers.GetValues("X-Cache-Status").Single());
            key = hit.Headers.GetValues("X-Cache-Key").Single();
        }

        Assert.Equal(200, (await admin.Get($"/{slug}/proxy-cache/{key}")).Code);
        Assert.Equal(204, (await admin.Delete($"/{slug}/proxy-cache/{key}")).Code);
        foreach (var node in nodes) Assert.Equal("Miss", await CacheStatus(node, host));
        Assert.Equal(204, (await admin.Delete($"/{slug}/proxy-cache")).Code);
        foreach (var node in nodes) Assert.Equal("Miss", await CacheStatus(node, host));
    }

    [Fact]
    public async Task A_cluster_rate_limit_holds_across_three_nodes_where_local_limits_do_not()
    {
        var result = await Tollgate.Testing.Drills.RateLimitDrill.Run(limit: 600);
        output.WriteLine(result.ToString());
        Assert.InRange(result.ClusterAdmitted, result.Limit * 0.95, result.Limit * 1.02);
        Assert.True(result.LocalAdmitted > result.Limit * 2, $"local policy admitted {result.LocalAdmitted}: each node counts alone");
    }
}
