using System.Diagnostics;
using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// A gateway node process under steady load for a long time: first the most this machine's load client gets through
/// it in a few seconds, then half of that, paced, for the soak; the node's RSS is sampled throughout. Errors must
/// stay at zero and RSS must stay flat.
/// </summary>
public static class SoakDrill
{
    public sealed record Result(double MaxPerSecond, DrillLoad.Tally Load, IReadOnlyList<(TimeSpan At, double MiB)> Resident)
    {
        /// <summary>RSS growth from the first sample after warm-up (one minute, or a tenth of the soak) to the last.</summary>
        public double GrowthMiB => Resident[^1].MiB - Warm.MiB;

        private (TimeSpan At, double MiB) Warm => Resident.First(r => r.At >= TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, Load.Elapsed.Ticks / 10)));

        public override string ToString() =>
            $"soak: most {MaxPerSecond:0}/s, then {Load}\n" +
            $"  node RSS {Resident[0].MiB:0} MiB at the start, {Warm.MiB:0} MiB after warm-up ({Warm.At.TotalSeconds:0} s), {Resident.Max(r => r.MiB):0} MiB at most, " +
            $"{Resident[^1].MiB:0} MiB at the end: growth {GrowthMiB:+0.0;-0.0} MiB";
    }

    public static async Task<Result> Run(TimeSpan duration, TextWriter output)
    {
        const int Concurrency = 32;
        await using var upstream = await TestUpstream.Start("soak");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster);
        var tenant = await DrillTenant.Create(silo.Operator(), "soak", TenantLoader.TenRoutes(upstream.Address));
        await using var node = await NodeProcess.Start(cluster);
        await Eventually.Holds(async () => await node.Get(tenant.Host, "/r0") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the tenant served");
        var targets = tenant.TenRoutesOn(node.ProxyPort).ToList();

        var burst = DrillLoad.Start(targets, Concurrency);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var max = (await burst.Stop()).PerSecond;
        output.WriteLine($"most: {max:0}/s; soaking at {max / 2:0}/s for {duration}");

        var resident = new List<(TimeSpan, double)> { (TimeSpan.Zero, node.ResidentMiB) };
        var clock = Stopwatch.StartNew();
        var load = DrillLoad.Start(targets, Concurrency, perSecond: max / 2);
        var sample = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, duration.Ticks / 20));
        while (clock.Elapsed < duration)
        {
            await Task.Delay(sample);
            resident.Add((clock.Elapsed, node.ResidentMiB));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: {node.ResidentMiB:0} MiB, {load.Now}");
        }
        return new Result(max, await load.Stop(), resident);
    }
}
