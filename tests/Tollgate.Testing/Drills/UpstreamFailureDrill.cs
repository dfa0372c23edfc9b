using System.Net;

namespace Tollgate.Testing.Drills;

/// <summary>
/// One of three targets dies under load. A tenant's upstream balances over three Kestrel targets with passive health
/// checks (2 TCP failures make a target unhealthy); a quarter of the load is POSTs, which are not retried because
/// their body cannot be replayed. Errors must be limited to requests in flight on the dead target and the ones sent
/// to it before the passive check marked it down.
/// </summary>
public static class UpstreamFailureDrill
{
    public const int Concurrency = 16;
    public const int TcpFailures = 2;

    public sealed record Result(DrillLoad.Tally Load, long GetFailures, long PostFailures)
    {
        /// <summary>The most errors the target allows: each client's request in flight, plus the passive check's window.</summary>
        public static int Bound => Concurrency + TcpFailures;

        public override string ToString() =>
            $"upstream failure, 1 of 3 targets killed under load: {Load}\n" +
            $"  errors: {GetFailures} on GET (retried on another target), {PostFailures} on POST (bound: {Concurrency} in flight + {TcpFailures} passive-check failures = {Bound})";
    }

    public static async Task<Result> Run(TimeSpan before, TimeSpan after, TextWriter output)
    {
        TestUpstream[] targets = [await TestUpstream.Start("a"), await TestUpstream.Start("b"), await TestUpstream.Start("c")];
        await using var silo = await TollgateNode.Start(NodeSettings.Sqlite());
        try
        {
            var targetList = string.Join(",", targets.Select(t => $$"""{"target":"{{t.Address}}"}"""));
            var healthchecks = """{"passive":{"unhealthy":{"tcp_failures":""" + TcpFailures + ""","http_failures":0,"timeouts":0}}}""";
            var declarative = $$"""
                {"_format_version":"3.0",
                 "upstreams":[{"name":"pool","targets":[{{targetList}}],"healthchecks":{{healthchecks}}}],
                 "services":[{"name":"s","host":"pool","routes":[{"name":"r","paths":["/"]}]}]}
                """;
            var tenant = await DrillTenant.Create(silo.Operator(), "up", declarative);
            await Eventually.Holds(async () => (await silo.Proxy(tenant.Host, "/warm")).Code == 200, TimeSpan.FromSeconds(15), "the tenant served");
            var port = silo.Settings.ProxyPort;
            var load = DrillLoad.Start(
                [new(port, tenant.Host, "/get"), new(port, tenant.Host, "/get"), new(port, tenant.Host, "/get"), new(port, tenant.Host, "/post", """{"n":1}""")],
                Concurrency);
            await Task.Delay(before);
            await targets[1].Kill();
            output.WriteLine($"target {targets[1].Address} killed after {load.Now.Sent} requests");
            await Task.Delay(after);
            var tally = await load.Stop();
            return new Result(tally, tally.FailedWith("GET"), tally.FailedWith("POST"));
        }
        finally
        {
            foreach (var target in targets) await target.DisposeAsync();
        }
    }
}
