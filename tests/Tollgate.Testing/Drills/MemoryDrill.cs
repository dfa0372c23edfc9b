using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// A gateway node's resident memory as tenants grow (1, 1,000, 10,000 × 10 routes, each served once), and with one
/// tenant holding many consumers of which some thousands send traffic. Credentials are resolved on use, so only the
/// active ones should cost memory.
/// </summary>
public static class MemoryDrill
{
    public static async Task Run(int[] tenantSteps, int consumers, int active, TextWriter output)
    {
        await using var upstream = await TestUpstream.Start("memory");
        var settings = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(settings);
        await using var node = await NodeProcess.Start(settings);
        output.WriteLine($"gateway node, no tenants: {node.ResidentMiB:0} MiB");

        var loaded = 0;
        var empty = node.ResidentMiB;
        foreach (var step in tenantSteps)
        {
            await TenantLoader.Load(silo.Operator(), "mem", loaded + 1, step, upstream.Address);
            loaded = step;
            await Eventually.Holds(async () => await node.Get($"mem-{step}.localhost", "/r9") == HttpStatusCode.OK, TimeSpan.FromSeconds(300), $"tenant {step} served");
            // Every tenant once, so each is compiled and routed, not merely listed.
            await Parallel.ForEachAsync(Enumerable.Range(1, step), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await node.Get($"mem-{i}.localhost", "/r0"));
            var resident = node.ResidentMiB;
            output.WriteLine($"gateway node, {step} tenants × 10 routes: {resident:0} MiB ({(resident - empty) * 1024 * 1024 / (step * 10):0} bytes per route)");
        }

        // Consumers in tenants of at most 100,000 each: one declarative import per tenant fits the Admin API's 16 MB body limit.
        const int PerTenant = 100_000;
        var hosts = new List<string>();
        var beforeConsumers = node.ResidentMiB;
        for (var first = 1; first <= consumers; first += PerTenant)
        {
            var last = Math.Min(consumers, first + PerTenant - 1);
            var slug = AdminHttp.NewSlug("many");
            // Enterprise: the free plan allows 1,000 consumers.
            var created = await silo.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"enterprise"}""");
            if (created.Code != 201) throw new InvalidOperationException($"creating {slug}: {created.Code} {created.Text}");
            var admin = silo.AdminAs(created.Json["admin_token"]!.GetValue<string>());
            var consumerList = string.Join(",", Enumerable.Range(first, last - first + 1).Select(i => $$"""{"username":"u{{i}}","keyauth_credentials":[{"key":"key-{{i}}"}]}"""));
            var config = $$"""{"_format_version":"3.0","services":[{"name":"s","url":"http://{{upstream.Address}}","routes":[{"name":"r","paths":["/api"],"plugins":[{"name":"key-auth"}]}]}],"consumers":[{{consumerList}}]}""";
            var imported = await admin.Post($"/{slug}/config", config);
            if (imported.Code != 201) throw new InvalidOperationException($"importing consumers {first}-{last}: {imported.Code} {imported.Text[..Math.Min(300, imported.Text.Length)]}");
            hosts.Add($"{slug}.localhost");
        }
        // Key i lives in the tenant of its hundred thousand.
        string HostOf(int key) => hosts[(key - 1) / PerTenant];
        foreach (var host in hosts)
        {
            await Eventually.Holds(async () => await node.Get(host, "/api", ("apikey", "none")) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(120), "the consumers' tenants served");
        }
        var idle = node.ResidentMiB;
        output.WriteLine($"gateway node, plus {consumers} consumers in {hosts.Count} tenants, none active: {idle:0} MiB ({(idle - beforeConsumers) * 1024 * 1024 / consumers:0} bytes per consumer)");
        // Active keys spread over every tenant.
        var stride = Math.Max(1, consumers / active);
        await Parallel.ForEachAsync(Enumerable.Range(0, active), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            var key = 1 + n * stride % consumers;
            var status = await node.Get(HostOf(key), "/api", ("apikey", $"key-{key}"));
            if (status != HttpStatusCode.OK) throw new InvalidOperationException($"key-{key} answered {(int)status}");
        });
        var busy = node.ResidentMiB;
        output.WriteLine($"gateway node, {active} of the {consumers} consumers active: {busy:0} MiB ({(busy - idle) * 1024 * 1024 / active:0} bytes per cached credential)");
    }
}
