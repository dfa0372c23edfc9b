using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.BotDetection;

public class BotDetectionConfigTests
{
    private static readonly BotDetectionPlugin Plugin = new();

    [Fact]
    public void Lists_are_optional_and_compiled_once()
    {
        Assert.Empty(Valid(Plugin).Deny);
        Assert.Matches(Valid(Plugin, """{"deny":["^BadClient"]}""").Deny.Single(), "BadClient/1.0");
    }

    [Theory]
    [InlineData("""{"deny":["(unclosed"]}""", "config.deny.1: not a valid regex: (unclosed")]
    [InlineData("""{"allow":"curl"}""", "config.allow: expected an array")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) =>
        Assert.Contains(Refused(Plugin, json), line => line.StartsWith(error, StringComparison.Ordinal));
}
