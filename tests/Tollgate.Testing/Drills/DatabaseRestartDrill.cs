using System.Diagnostics;
using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// PostgreSQL restarts under load. A silo and two gateway node processes on a PostgreSQL server of the drill's own;
/// load through both nodes, and an Admin API write (a service's retries changed) every 100 ms. Proxying must never
/// stop; the Admin API may fail while the database is away and must recover with no manual step. Afterwards
/// analytics must hold every request the upstream received.
/// </summary>
public static class DatabaseRestartDrill
{
    public sealed record Result(DrillLoad.Tally Load, TimeSpan DatabaseAway, int AdminCalls, int AdminFailures, TimeSpan AdminErrorWindow,
        IReadOnlyDictionary<int, int> AdminFailureStatuses, long Proxied, long Counted)
    {
        public override string ToString() =>
            $"database restart under load: {Load}\n" +
            $"  PostgreSQL restart (fast shutdown, start) took {DatabaseAway.TotalSeconds:0.0} s; Admin API writes every 100 ms: {AdminCalls} calls, " +
            $"{AdminFailures} failed ({string.Join(", ", AdminFailureStatuses.Select(s => $"{s.Value} × {(s.Key == 0 ? "no answer" : s.Key.ToString())}"))}), " +
            $"error window {AdminErrorWindow.TotalSeconds:0.0} s\n" +
            $"  upstream received {Proxied}; analytics counted {Counted}";
    }

    public static async Task<Result> Run(TimeSpan before, TimeSpan after, TextWriter output)
    {
        await using var upstream = await TestUpstream.Start("db-restart");
        await using var postgres = await PrivatePostgres.Start();
        var cluster = NodeSettings.Postgres(await postgres.CreateDatabase());
        await using var silo = await TollgateNode.Start(cluster);
        var tenant = await DrillTenant.Create(silo.Operator(), "db", TenantLoader.TenRoutes(upstream.Address));
        await using var nodeA = await NodeProcess.Start(cluster);
        await using var nodeB = await NodeProcess.Start(cluster);
        foreach (var node in new[] { nodeA, nodeB })
        {
            await Eventually.Holds(async () => await node.Get(tenant.Host, "/r0") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the tenant served");
        }

        var load = DrillLoad.Start(tenant.TenRoutesOn(nodeA.ProxyPort).Concat(tenant.TenRoutesOn(nodeB.ProxyPort)), concurrency: 16);
        using var stopAdmin = new CancellationTokenSource();
        var admin = Task.Run(() => AdminWrites(tenant, stopAdmin.Token));
        await Task.Delay(before);
        var away = await postgres.Restart();
        output.WriteLine($"PostgreSQL restarted in {away.TotalSeconds:0.0} s");
        await Task.Delay(after);
        stopAdmin.Cancel();
        var (calls, failures) = await admin;
        var tally = await load.Stop();
        var window = failures.Count == 0 ? TimeSpan.Zero : failures[^1].At - failures[0].At;
        if (failures.Count > 0 && failures[^1].At > calls[^1].At - TimeSpan.FromSeconds(1)) throw new InvalidOperationException("the Admin API had not recovered by the end of the drill");
        var counted = await DrillTenant.Settled(tenant.Counted, TimeSpan.FromSeconds(5));
        return new Result(tally, away, calls.Count, failures.Count, window,
            failures.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Count()), upstream.Hits, counted);
    }

    /// <summary>Changes the service every 100 ms until cancelled; answers every call and the failed ones (status 0: no answer).</summary>
    private static async Task<(List<(TimeSpan At, int Status)> Calls, List<(TimeSpan At, int Status)> Failures)> AdminWrites(DrillTenant tenant, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var calls = new List<(TimeSpan, int)>();
        var failures = new List<(TimeSpan, int)>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            int status;
            try
            {
                status = (await tenant.Admin.Patch($"/{tenant.Slug}/services/s", $$"""{"retries":{{n % 10}}}""")).Code;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
            calls.Add((clock.Elapsed, status));
            if (status != 200) failures.Add((clock.Elapsed, status));
            try { await Task.Delay(100, stop); } catch (OperationCanceledException) { }
        }
        return (calls, failures);
    }
}
