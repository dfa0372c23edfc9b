using System.Diagnostics;
using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// The control plane dies under load: two silo processes and two gateway node processes on PostgreSQL, load on every
/// route of every tenant through both nodes, then kill -9 of every silo. The routes must keep answering. One node is
/// killed and restarted while the silos are still down and must serve every route from its disk cache. Then the silos
/// come back, and a change made through them must reach both nodes.
/// </summary>
public static class ControlPlaneDownDrill
{
    public sealed record Result(int Tenants, DrillLoad.Tally Load, long DuringOutage, TimeSpan NodeRestart, int RoutesFromDisk, TimeSpan SilosBack, TimeSpan Resync)
    {
        public override string ToString() =>
            $"control plane down, {Tenants} tenants × 10 routes on 2 nodes: {Load}\n" +
            $"  {DuringOutage} requests served while every silo was dead; a node restarted with no silo in {NodeRestart.TotalSeconds:0.0} s " +
            $"and served all {RoutesFromDisk} routes from its disk cache\n" +
            $"  silos back (processes ready) in {SilosBack.TotalSeconds:0.0} s; a change made through them reached both nodes {Resync.TotalMilliseconds:0} ms after it was sent";
    }

    public static async Task<Result> Run(int tenants, TimeSpan outage, TextWriter output)
    {
        await using var upstream = await TestUpstream.Start("outage");
        var cluster = await NodeSettings.Postgres();
        var siloSettings = new[] { cluster, cluster.SecondSilo() };
        var silos = await Task.WhenAll(siloSettings.Select(NodeProcess.StartServer));
        var nodeA = await NodeProcess.Start(cluster);
        var nodeB = await NodeProcess.Start(cluster);
        try
        {
            await TenantLoader.Load(cluster.Operator(), "down", 1, tenants, upstream.Address);
            var routes = TenantLoader.Routes("down", 1, tenants).ToList();
            foreach (var node in new[] { nodeA, nodeB })
            {
                await Eventually.Holds(async () => await node.Get($"down-{tenants}.localhost", "/r9") == HttpStatusCode.OK, TimeSpan.FromSeconds(120), "every tenant served");
            }
            IEnumerable<DrillLoad.Target> On(params NodeProcess[] nodes) => from node in nodes from r in routes select new DrillLoad.Target(node.ProxyPort, r.Host, r.Path);

            await using var load = DrillLoad.Start(On(nodeA, nodeB), concurrency: 16);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Task.WhenAll(silos.Select(s => s.Kill()));
            var killed = load.Now.Sent;
            output.WriteLine($"every silo killed after {killed} requests");
            await Task.Delay(outage);

            // A node restarts with no silo anywhere: out of the load while it is down, back in once it serves.
            load.Targets = On(nodeA);
            // Requests already on their way to the node would fail for its kill, not for the control plane's absence.
            await load.Drained(nodeB.ProxyPort);
            await nodeB.Kill();
            var clock = Stopwatch.StartNew();
            nodeB = await NodeProcess.Start(cluster, dataDir: nodeB.DataDir);
            var restart = clock.Elapsed;
            foreach (var (host, path) in routes)
            {
                var status = await nodeB.Get(host, path);
                if (status != HttpStatusCode.OK) throw new InvalidOperationException($"the restarted node answered {(int)status} on {host}{path}");
            }
            output.WriteLine($"node restarted from its disk cache in {restart.TotalSeconds:0.0} s");
            load.Targets = On(nodeA, nodeB);
            await Task.Delay(outage);
            var duringOutage = load.Now.Sent - killed;

            // The silos come back; a change made through them reaches both nodes.
            clock.Restart();
            var returned = siloSettings.Select(s => s.SecondSilo()).ToArray();
            // Together (they vote the killed ones dead together); every one that started is disposed below, even if another failed.
            var starting = returned.Select(NodeProcess.StartServer).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                silos = [.. starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)];
            }
            var back = clock.Elapsed;
            output.WriteLine($"silos back in {back.TotalSeconds:0.0} s ({string.Join(", ", returned.Select(r => r.DataDir))})");
            clock.Restart();
            var added = await returned[0].Operator().Post("/down-1/services/s/routes", """{"name":"after","paths":["/after"]}""");
            if (added.Code != 201) throw new InvalidOperationException($"adding a route after the outage: {added.Code} {added.Text}");
            foreach (var node in new[] { nodeA, nodeB })
            {
                await Eventually.Holds(async () => await node.Get("down-1.localhost", "/after") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the change reaching the nodes");
            }
            var resync = clock.Elapsed;
            var tally = await load.Stop();
            return new Result(tenants, tally, duringOutage, restart, routes.Count, back, resync);
        }
        finally
        {
            foreach (var process in silos.Append(nodeA).Append(nodeB)) await process.DisposeAsync();
        }
    }
}
