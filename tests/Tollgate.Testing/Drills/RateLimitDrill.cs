using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// Rate-limit accuracy: three gateway nodes, one consumer limited per minute, three times the limit sent in one
/// minute spread over the nodes; how many were admitted with the <c>cluster</c> policy and with <c>local</c>.
/// </summary>
public static class RateLimitDrill
{
    public sealed record Result(int Limit, int ClusterAdmitted, int LocalAdmitted)
    {
        public double ClusterOvershoot => 100.0 * (ClusterAdmitted - Limit) / Limit;
        public double LocalOvershoot => 100.0 * (LocalAdmitted - Limit) / Limit;

        public override string ToString() =>
            $"rate-limit accuracy, {Limit}/minute per consumer, {3 * Limit} requests over 3 nodes: cluster admitted {ClusterAdmitted} " +
            $"(overshoot {ClusterOvershoot:0.0}%), local admitted {LocalAdmitted} (overshoot {LocalOvershoot:0.0}%)";
    }

    public static async Task<Result> Run(int limit = 600)
    {
        await using var upstream = await TestUpstream.Start("limits");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster);
        RunningNode[] nodes = [.. Enumerable.Range(0, 3).Select(_ => RunningNode.Start(cluster, Directory.CreateTempSubdirectory().FullName))];
        try
        {
            return new Result(limit, await Load(silo, upstream, nodes, limit, "cluster"), await Load(silo, upstream, nodes, limit, "local"));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    /// <summary>Sends three times the limit for one consumer, spread over the nodes; answers how many were admitted.</summary>
    private static async Task<int> Load(TollgateNode silo, TestUpstream upstream, RunningNode[] nodes, int limit, string policy)
    {
        var slug = AdminHttp.NewSlug("rl");
        var admin = silo.AdminAs(await silo.CreateTenant(slug));
        var declarative = $$$"""
            {"_format_version":"3.0",
             "services":[{"name":"s","url":"http://{{{upstream.Address}}}","routes":[{"name":"r","paths":["/api"],
               "plugins":[{"name":"key-auth"},{"name":"rate-limiting","config":{"minute":{{{limit}}},"policy":"{{{policy}}}"}}]}]}],
             "consumers":[{"username":"alice","keyauth_credentials":[{"key":"alice-key"}]}]}
            """;
        var imported = await admin.Post($"/{slug}/config", declarative);
        if (imported.Code != 201) throw new InvalidOperationException(imported.Text);
        var host = $"{slug}.localhost";
        // The first request on each node (waiting for the tenant to be served) counts against the limit too.
        foreach (var node in nodes)
        {
            await Eventually.Holds(async () => (await node.Get(host, "/api", ("apikey", "alice-key"))).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "the tenant served");
        }
        // The whole load must fall in one minute window.
        if (DateTime.UtcNow.Second > 40) await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second));
        var admitted = nodes.Length;
        var sent = nodes.Length;
        await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref sent)) <= 3 * limit)
            {
                var (status, _, _) = await nodes[i % nodes.Length].Get(host, "/api", ("apikey", "alice-key"));
                if (status == HttpStatusCode.OK) Interlocked.Increment(ref admitted);
                else if (status != HttpStatusCode.TooManyRequests) throw new InvalidOperationException($"unexpected {(int)status}");
            }
        }));
        return admitted;
    }
}
