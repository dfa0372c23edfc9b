using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.Cors;

public class CorsConfigTests
{
    private static readonly CorsPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin);
        Assert.False(config.Credentials);
        Assert.False(config.PreflightContinue);
    }

    [Theory]
    [InlineData("""{"origins":["(bad"]}""", "config.origins.1: not a valid regex: (bad")]
    [InlineData("""{"methods":["FETCH"]}""", "config.methods.1: expected one of: GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT")]
    [InlineData("""{"max_age":"1h"}""", "config.max_age: expected a number")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) =>
        Assert.Contains(Refused(Plugin, json), line => line.StartsWith(error, StringComparison.Ordinal));
}
