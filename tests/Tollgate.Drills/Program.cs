using Tollgate.Testing.Drills;

// Fault and scale drills; each prints its figures. Needs TOLLGATE_TEST_POSTGRES (./build.sh drill NAME starts one).
//   propagation [--tenants 10000] [--changes 50]    config changes reaching two nodes, and import CPU
//   rate-limit [--limit 600]                        cluster vs local rate-limit overshoot over three nodes
//   memory [--consumers 1000000] [--active 10000] [--max-tenants 10000]
//                                                   a node's RSS at 1 / 1,000 / 10,000 tenants and with many consumers
//   control-plane-down [--tenants 1000] [--seconds 10]   kill -9 of every silo under load; a node restarts from disk; silos return
//   gateway-killed [--seconds 10]                   kill -9 of a node under load: proxied vs counted in analytics and billing
//   database-restart [--before 5] [--after 15]      PostgreSQL restarted under load: proxy errors, Admin API error window
//   upstream-failure [--before 3] [--after 5]       one of three targets killed under load: errors on GET and POST
//   soak [--minutes 10]                             half of the most load for a long time: errors and RSS growth
var arguments = args.Skip(1).Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i + 1);
int Option(string name, int fallback) => arguments.TryGetValue(name, out var i) && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

switch (args.FirstOrDefault())
{
    case "propagation":
        Console.WriteLine(await PropagationDrill.Run(Option("--tenants", 10_000), Option("--changes", 50), Console.Out));
        break;
    case "rate-limit":
        Console.WriteLine(await RateLimitDrill.Run(Option("--limit", 600)));
        break;
    case "memory":
        int[] steps = [.. new[] { 1, 1_000, 10_000 }.Where(n => n <= Option("--max-tenants", 10_000))];
        await MemoryDrill.Run(steps, Option("--consumers", 1_000_000), Option("--active", 10_000), Console.Out);
        break;
    case "control-plane-down":
        Console.WriteLine(await ControlPlaneDownDrill.Run(Option("--tenants", 1_000), TimeSpan.FromSeconds(Option("--seconds", 10)), Console.Out));
        break;
    case "gateway-killed":
        Console.WriteLine(await GatewayKilledDrill.Run(TimeSpan.FromSeconds(Option("--seconds", 10)), Console.Out));
        break;
    case "database-restart":
        Console.WriteLine(await DatabaseRestartDrill.Run(TimeSpan.FromSeconds(Option("--before", 5)), TimeSpan.FromSeconds(Option("--after", 15)), Console.Out));
        break;
    case "upstream-failure":
        Console.WriteLine(await UpstreamFailureDrill.Run(TimeSpan.FromSeconds(Option("--before", 3)), TimeSpan.FromSeconds(Option("--after", 5)), Console.Out));
        break;
    case "soak":
        Console.WriteLine(await SoakDrill.Run(TimeSpan.FromMinutes(Option("--minutes", 10)), Console.Out));
        break;
    default:
        Console.Error.WriteLine("usage: Tollgate.Drills propagation|rate-limit|memory|control-plane-down|gateway-killed|database-restart|upstream-failure|soak [options]");
        return 2;
}
return 0;
