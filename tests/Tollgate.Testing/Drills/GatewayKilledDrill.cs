using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// A gateway node is killed (-9) under load. What the upstream received is what was proxied; the drill compares it
/// with what analytics and billing counted once the node is back on its data folder: the loss is what the node had
/// measured but not yet flushed or spooled, and nothing may be counted twice.
/// </summary>
public static class GatewayKilledDrill
{
    public sealed record Result(DrillLoad.Tally Load, long Proxied, long Counted, long Billable)
    {
        public long Lost => Proxied - Counted;

        public override string ToString() =>
            $"gateway killed under load: {Load}\n" +
            $"  upstream received {Proxied}; analytics counted {Counted} (lost {Lost}, {100.0 * Lost / Proxied:0.00}%); billing counted {Billable} billable";
    }

    public static async Task<Result> Run(TimeSpan loadFor, TextWriter output)
    {
        await using var upstream = await TestUpstream.Start("killed");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster);
        var tenant = await DrillTenant.Create(silo.Operator(), "kill", TenantLoader.TenRoutes(upstream.Address));
        var node = await NodeProcess.Start(cluster);
        try
        {
            await Eventually.Holds(async () => await node.Get(tenant.Host, "/r0") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the tenant served");
            var load = DrillLoad.Start(tenant.TenRoutesOn(node.ProxyPort), concurrency: 16);
            await Task.Delay(loadFor);
            await node.Kill();
            var tally = await load.Stop();
            output.WriteLine($"node killed: {tally}");

            // Back on the same folder: whatever it spooled before dying is sent now.
            node = await NodeProcess.Start(cluster, dataDir: node.DataDir);
            var counted = await DrillTenant.Settled(tenant.Counted, TimeSpan.FromSeconds(5));
            var billable = await tenant.Billable();
            return new Result(tally, upstream.Hits, counted, billable);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
