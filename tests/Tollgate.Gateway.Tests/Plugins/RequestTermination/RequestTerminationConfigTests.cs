using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.RequestTermination;

public class RequestTerminationConfigTests
{
    private static readonly RequestTerminationPlugin Plugin = new();

    [Fact]
    public void Defaults_to_503_without_a_message()
    {
        var config = Valid(Plugin);
        Assert.Equal(503, config.StatusCode);
        Assert.Null(config.Message);
        Assert.False(config.Echo);
    }

    [Theory]
    [InlineData("""{"status_code":700}""", "config.status_code: value should be between 100 and 599")]
    [InlineData("""{"status_code":"x"}""", "config.status_code: expected an integer")]
    [InlineData("""{"message":"m","body":"b"}""", "config.@entity: message cannot be used with content_type or body")]
    [InlineData("""{"content_type":"text/plain"}""", "config.@entity: content_type requires a body")]
    [InlineData("""{"trigger":"bad header"}""", "config.trigger: bad header name 'bad header', allowed characters are A-Z, a-z, 0-9, '_', and '-'")]
    [InlineData("""{"colour":"red"}""", "config.colour: unknown field")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
