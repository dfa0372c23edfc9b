using System.Diagnostics;
using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// Config propagation: two silos on PostgreSQL, two gateway node processes, many tenants. One route is changed again
/// and again through the Admin API (alternating silos); each change is timed from the moment the request is sent
/// until both nodes serve it. Also the CPU the control plane and the nodes spend while the tenants are imported.
/// </summary>
public static class PropagationDrill
{
    public sealed record Result(int Tenants, TimeSpan Import, TimeSpan SiloCpu, TimeSpan NodeCpu, IReadOnlyList<double> ChangeMs)
    {
        public double Median => Percentile(0.5);
        public double P99 => Percentile(0.99);
        private double Percentile(double q) => ChangeMs.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(q * ChangeMs.Count) - 1));

        public override string ToString() =>
            $"config propagation, {Tenants} tenants × 10 routes, 2 silos, 2 nodes: {ChangeMs.Count} changes, median {Median:0.0} ms, p99 {P99:0.0} ms, max {ChangeMs.Max():0.0} ms\n" +
            $"import of {Tenants} tenants: {Import.TotalSeconds:0.0} s ({Tenants / Import.TotalSeconds:0} tenants/s); CPU: silos and client {SiloCpu.TotalSeconds:0.0} s " +
            $"({SiloCpu / Import:0.00} cores), both nodes {NodeCpu.TotalSeconds:0.0} s ({NodeCpu / Import:0.00} cores)";
    }

    public static async Task<Result> Run(int tenants, int changes, TextWriter output)
    {
        await using var upstream = await TestUpstream.Start("propagation");
        var settings = await NodeSettings.Postgres();
        await using var siloA = await TollgateNode.Start(settings);
        await using var siloB = await TollgateNode.Start(settings.SecondSilo());
        await using var nodeA = await NodeProcess.Start(settings);
        await using var nodeB = await NodeProcess.Start(settings);
        NodeProcess[] nodes = [nodeA, nodeB];

        var cpuBefore = (Silo: Process.GetCurrentProcess().TotalProcessorTime, Nodes: nodeA.Cpu + nodeB.Cpu);
        var import = await TenantLoader.Load(siloA.Operator(), "drill", 1, tenants, upstream.Address);
        var cpuAfter = (Silo: Process.GetCurrentProcess().TotalProcessorTime, Nodes: nodeA.Cpu + nodeB.Cpu);
        output.WriteLine($"imported {tenants} tenants in {import.TotalSeconds:0.0} s");

        var slug = $"drill-{tenants / 2 + 1}";
        var host = $"{slug}.localhost";
        foreach (var node in nodes) await Eventually.Holds(async () => await node.Get(host, "/r0") == HttpStatusCode.OK, TimeSpan.FromSeconds(120), "the tenants being served");
        var times = new List<double>();
        for (var change = 1; change <= changes; change++)
        {
            var silo = change % 2 == 0 ? siloA : siloB;
            var path = $"/moved-{change}";
            var clock = Stopwatch.StartNew();
            var patched = await silo.Operator().Patch($"/{slug}/routes/r0", $$"""{"paths":["{{path}}"]}""");
            if (patched.Code != 200) throw new InvalidOperationException($"change {change}: {patched.Code} {patched.Text}");
            await Task.WhenAll(nodes.Select(async node =>
            {
                while (await node.Get(host, path) != HttpStatusCode.OK)
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"change {change} not served after 30 s");
                    await Task.Delay(1);
                }
            }));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return new Result(tenants, import, cpuAfter.Silo - cpuBefore.Silo, cpuAfter.Nodes - cpuBefore.Nodes, times);
    }
}
