using Tollgate.Gateway.Config;
using Tollgate.Gateway.Plugins.RateLimiting;
using static Tollgate.Gateway.TenantConfigs;

namespace Tollgate.Gateway.Plugins;

/// <summary>Kong's plugin precedence: the most specific config of each plugin name applies, by consumer once known.</summary>
public class PluginChainTests
{
    private const string Service1 = "11111111-1111-1111-1111-111111111111";
    private const string RouteId = "22222222-2222-2222-2222-222222222222";
    private const string OtherRoute = "33333333-3333-3333-3333-333333333333";
    private const string Alice = "44444444-4444-4444-4444-444444444444";
    private const string Gold = "55555555-5555-5555-5555-555555555555";

    private static string Limit(int minute, string scope) =>
        $$"""{"name":"rate-limiting","config":{"minute":{{minute}}},"enabled":true{{scope}}}""";

    private static TenantRuntime Runtime(params string[] plugins) => Compile(
    [
        ("services", Service(Service1)),
        ("routes", Route("r", Service1, "{\"paths\":[\"/\"]}").Replace("\"name\":\"r\"", $"\"id\":\"{RouteId}\",\"name\":\"r\"")),
        ("routes", Route("other", Service1, "{\"paths\":[\"/other\"]}").Replace("\"name\":\"other\"", $"\"id\":\"{OtherRoute}\",\"name\":\"other\"")),
        ("consumers", $$"""{"id":"{{Alice}}","username":"alice"}"""),
        ("consumer_groups", $$"""{"id":"{{Gold}}","name":"gold"}"""),
        ("consumer_group_consumers", $$$"""{"consumer":{"id":"{{{Alice}}}"},"consumer_group":{"id":"{{{Gold}}}"}}"""),
        .. plugins.Select(p => ("plugins", p)),
    ]);

    private static long? MinuteLimit(TenantRuntime runtime, string route, GatewayConsumer? consumer)
    {
        var chain = runtime.Chains[Guid.Parse(route)];
        var config = chain.Entries.SingleOrDefault(e => e.Plugin.Name == "rate-limiting")?.ConfigFor(consumer) as RateLimitingConfig;
        return config?.Limits.Single().Limit;
    }

    [Fact]
    public void Route_beats_service_beats_global()
    {
        var runtime = Runtime(
            Limit(1, ""),
            Limit(2, $$""","service":{"id":"{{Service1}}"}"""),
            Limit(3, $$""","route":{"id":"{{RouteId}}"}"""));
        Assert.Equal(3, MinuteLimit(runtime, RouteId, null));
        Assert.Equal(2, MinuteLimit(runtime, OtherRoute, null));
    }

    [Fact]
    public void Consumer_configs_apply_to_their_consumer_by_precedence()
    {
        var runtime = Runtime(
            Limit(10, $$""","route":{"id":"{{RouteId}}"}"""),
            Limit(20, $$""","consumer":{"id":"{{Alice}}"}"""),
            Limit(30, $$""","consumer":{"id":"{{Alice}}"},"route":{"id":"{{RouteId}}"}"""),
            Limit(40, $$""","consumer_group":{"id":"{{Gold}}"},"route":{"id":"{{OtherRoute}}"}"""));
        var alice = runtime.Consumers[Guid.Parse(Alice)];
        Assert.Equal(30, MinuteLimit(runtime, RouteId, alice));
        Assert.Equal(10, MinuteLimit(runtime, RouteId, null));
        // On the other route: the group+route config (rank 5) beats the consumer-only config (rank 8).
        Assert.Equal(40, MinuteLimit(runtime, OtherRoute, alice));
    }

    [Fact]
    public void Route_and_service_together_beat_a_consumer_only_config()
    {
        var runtime = Runtime(
            Limit(7, $$""","route":{"id":"{{RouteId}}"},"service":{"id":"{{Service1}}"}"""),
            Limit(8, $$""","consumer":{"id":"{{Alice}}"}"""));
        Assert.Equal(7, MinuteLimit(runtime, RouteId, runtime.Consumers[Guid.Parse(Alice)]));
    }

    [Fact]
    public void Disabled_plugins_and_plugins_for_other_routes_do_not_apply()
    {
        var runtime = Runtime(
            Limit(5, $$""","route":{"id":"{{OtherRoute}}"}"""),
            Limit(6, "").Replace("\"enabled\":true", "\"enabled\":false"));
        Assert.Null(MinuteLimit(runtime, RouteId, null));
    }

    [Fact]
    public void A_plugin_config_the_gateway_cannot_use_fails_the_whole_compile()
    {
        Assert.Throws<FormatException>(() => Runtime("""{"name":"rate-limiting","config":{},"enabled":true}"""));
    }
}
