using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.HmacAuth;

public class HmacAuthConfigTests
{
    private static readonly HmacAuthPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin);
        Assert.Equal(300, config.ClockSkew);
        Assert.Equal(["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"], config.Algorithms);
        Assert.Empty(config.EnforceHeaders);
        Assert.False(config.ValidateRequestBody || config.HideCredentials);
        Assert.True(Plugin.Schema.NoConsumer);
    }

    [Theory]
    [InlineData("""{"clock_skew":0}""", "config.clock_skew: value must be greater than 0")]
    [InlineData("""{"algorithms":["hmac-md5"]}""", "config.algorithms.1: expected one of: hmac-sha1, hmac-sha256, hmac-sha384, hmac-sha512")]
    [InlineData("""{"enforce_headers":"date"}""", "config.enforce_headers: expected an array")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));

    [Theory]
    [InlineData("""hmac username="u", algorithm="hmac-sha256", headers="date request-line", signature="c2ln" """, "u", "hmac-sha256", 2)]
    [InlineData("""HMAC username="u",algorithm="hmac-sha1",headers="date",signature="c2ln" """, "u", "hmac-sha1", 1)]
    public void Authorization_headers_are_read_like_kongs(string header, string username, string algorithm, int headers)
    {
        var signature = HmacSignature.Parse(header)!;
        Assert.Equal((username, algorithm, headers), (signature.Username, signature.Algorithm, signature.Headers.Length));
    }

    [Theory]
    [InlineData("""Basic dTpw""")]
    [InlineData("""hmac username="u", algorithm="hmac-sha256", signature="c2ln" """)]
    [InlineData("""hmac username="u", algorithm="hmac-sha256", headers="date", signature="not base64!" """)]
    public void Other_or_incomplete_headers_are_not_signatures(string header) => Assert.Null(HmacSignature.Parse(header));
}
