using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.RequestSizeLimiting;

public class RequestSizeLimitingConfigTests
{
    private static readonly RequestSizeLimitingPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs_and_units_convert_to_bytes()
    {
        Assert.Equal(new RequestSizeLimitingConfig(128L * 1024 * 1024, false), Valid(Plugin));
        Assert.Equal(10 * 1024, Valid(Plugin, """{"allowed_payload_size":10,"size_unit":"kilobytes"}""").AllowedBytes);
    }

    [Theory]
    [InlineData("""{"size_unit":"gigabytes"}""", "config.size_unit: expected one of: megabytes, kilobytes, bytes")]
    [InlineData("""{"allowed_payload_size":-5}""", "config.allowed_payload_size: value must be greater than -1")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
