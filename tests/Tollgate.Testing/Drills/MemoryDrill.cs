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
        foreach (var step in tenantSteps)
        {
            await TenantLoader.Load(silo, "mem", loaded + 1, step, upstream.Address);
            loaded = step;
            await Eventually.Holds(async () => await node.Get($"mem-{step}.localhost", "/r9") == HttpStatusCode.OK, TimeSpan.FromSeconds(300), $"tenant {step} served");
            // Every tenant once, so each is compiled and routed, not merely listed.
            await Parallel.ForEachAsync(Enumerable.Range(1, step), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await node.Get($"mem-{i}.localhost", "/r0"));
            output.WriteLine($"gateway node, {step} tenants × 10 routes: {node.ResidentMiB:0} MiB");
        }

        var slug = AdminHttp.NewSlug("many");
        var admin = silo.AdminAs(await silo.CreateTenant(slug));
        // One declarative import (the Admin API's body limit is 16 MB: about 150,000 consumers with a key each).
        var consumerList = string.Join(",", Enumerable.Range(1, consumers).Select(i => $$"""{"username":"u{{i}}","keyauth_credentials":[{"key":"key-{{i}}"}]}"""));
        var config = $$"""{"_format_version":"3.0","services":[{"name":"s","url":"http://{{upstream.Address}}","routes":[{"name":"r","paths":["/api"],"plugins":[{"name":"key-auth"}]}]}],"consumers":[{{consumerList}}]}""";
        var imported = await admin.Post($"/{slug}/config", config);
        if (imported.Code != 201) throw new InvalidOperationException($"importing {consumers} consumers: {imported.Code} {imported.Text[..Math.Min(300, imported.Text.Length)]}");
        var host = $"{slug}.localhost";
        await Eventually.Holds(async () => await node.Get(host, "/api", ("apikey", "key-1")) == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the consumers' tenant served");
        output.WriteLine($"gateway node, plus a tenant with {consumers} consumers, none active: {node.ResidentMiB:0} MiB");
        await Parallel.ForEachAsync(Enumerable.Range(1, active), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var status = await node.Get(host, "/api", ("apikey", $"key-{i}"));
            if (status != HttpStatusCode.OK) throw new InvalidOperationException($"key-{i} answered {(int)status}");
        });
        output.WriteLine($"gateway node, {active} of the {consumers} consumers active: {node.ResidentMiB:0} MiB");
    }
}
