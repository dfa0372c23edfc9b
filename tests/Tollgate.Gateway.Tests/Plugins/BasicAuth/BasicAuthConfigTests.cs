using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.BasicAuth;

public class BasicAuthConfigTests
{
    private static readonly BasicAuthPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin);
        Assert.Equal(("service", false, null), (config.Realm, config.HideCredentials, config.Anonymous));
    }

    [Theory]
    [InlineData("""{"hide_credentials":"no"}""", "config.hide_credentials: expected a boolean")]
    [InlineData("""{"realm":5}""", "config.realm: expected a string")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
