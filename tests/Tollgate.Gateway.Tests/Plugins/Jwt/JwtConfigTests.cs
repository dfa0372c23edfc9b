using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.Jwt;

public class JwtConfigTests
{
    private static readonly JwtPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin);
        Assert.Equal("iss", config.KeyClaimName);
        Assert.Equal(["jwt"], config.UriParamNames);
        Assert.Equal(["authorization"], config.HeaderNames);
        Assert.True(Plugin.Schema.NoConsumer);
    }

    [Theory]
    [InlineData("""{"claims_to_verify":["iat"]}""", "config.claims_to_verify.1: expected one of: exp, nbf")]
    [InlineData("""{"maximum_expiration":60}""", "config.@entity: 'config.claims_to_verify' must contain 'exp' when 'config.maximum_expiration' is set")]
    [InlineData("""{"maximum_expiration":-1}""", "config.maximum_expiration: value should be between 0 and 31536000")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
