using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.Prometheus;

public class PrometheusConfigTests
{
    private static readonly PrometheusPlugin Plugin = new();

    [Fact]
    public void Every_family_is_off_by_default_as_in_kong() =>
        Assert.Equal(new PrometheusConfig(false, false, false, false, false), Valid(Plugin));

    [Theory]
    [InlineData("""{"per_consumer":"yes"}""", "config.per_consumer: expected a boolean")]
    [InlineData("""{"ai_metrics":true}""", "config.ai_metrics: ai_metrics is not supported: Tollgate has no AI plugins")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
