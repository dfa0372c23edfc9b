using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.KeyAuth;

public class KeyAuthConfigTests
{
    private static readonly KeyAuthPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin);
        Assert.Equal(["apikey"], config.KeyNames);
        Assert.True(config.KeyInHeader);
        Assert.True(config.KeyInQuery);
        Assert.False(config.KeyInBody);
        Assert.False(config.HideCredentials);
        Assert.True(config.RunOnPreflight);
        Assert.True(Plugin.Schema.NoConsumer);
    }

    [Theory]
    [InlineData("""{"key_names":"apikey"}""", "config.key_names: expected an array")]
    [InlineData("""{"key_names":["bad name"]}""", "config.key_names.1: bad header name 'bad name', allowed characters are A-Z, a-z, 0-9, '_', and '-'")]
    [InlineData("""{"hide_credentials":1}""", "config.hide_credentials: expected a boolean")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
