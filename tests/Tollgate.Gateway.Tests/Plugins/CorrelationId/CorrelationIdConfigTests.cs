using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.CorrelationId;

public class CorrelationIdConfigTests
{
    private static readonly CorrelationIdPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin);
        Assert.Equal("Kong-Request-ID", config.HeaderName);
        Assert.Equal("uuid#counter", config.Generator);
        Assert.False(config.EchoDownstream);
    }

    [Theory]
    [InlineData("""{"generator":"random"}""", "config.generator: expected one of: uuid, uuid#counter, tracker")]
    [InlineData("""{"echo_downstream":"yes"}""", "config.echo_downstream: expected a boolean")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
