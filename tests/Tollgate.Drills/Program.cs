using Tollgate.Testing.Drills;

// Fault and scale drills; each prints its figures. Needs TOLLGATE_TEST_POSTGRES (./build.sh drill NAME starts one).
//   propagation [--tenants 10000] [--changes 50]    config changes reaching two nodes, and import CPU
//   rate-limit [--limit 600]                        cluster vs local rate-limit overshoot over three nodes
//   memory [--consumers 1000000] [--active 10000] [--max-tenants 10000]
//                                                   a node's RSS at 1 / 1,000 / 10,000 tenants and with many consumers
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
    default:
        Console.Error.WriteLine("usage: Tollgate.Drills propagation|rate-limit|memory [options]");
        return 2;
}
return 0;
