using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.CorrelationId;

public class CorrelationIdConfigTests
{
    [Fact]
    public void Defaults_are_kongs()
    {
        var config = CorrelationIdConfig.From([]);
        Assert.Equal("Kong-Request-ID", config.HeaderName);
        Assert.Equal("uuid#counter", config.Generator);
        Assert.False(config.EchoDownstream);
    }

    [Fact]
    public void An_unknown_generator_is_refused() =>
        Assert.Throws<FormatException>(() => CorrelationIdConfig.From(new JsonObject { ["generator"] = "random" }));
}
