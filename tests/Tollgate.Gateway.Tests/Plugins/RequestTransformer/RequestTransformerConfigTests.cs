using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.RequestTransformer;

public class RequestTransformerConfigTests
{
    private static readonly RequestTransformerPlugin Plugin = new();

    [Fact]
    public void An_empty_config_edits_nothing()
    {
        var config = Valid(Plugin);
        Assert.Null(config.HttpMethod);
        Assert.Null(config.ReplaceUri);
        Assert.True(config.Headers.IsEmpty && config.Query.IsEmpty && config.Body.IsEmpty);
    }

    [Fact]
    public void Templates_are_noticed_once_per_config()
    {
        Assert.False(Valid(Plugin, """{"add":{"headers":["X-A:plain"]}}""").UsesTemplates);
        Assert.True(Valid(Plugin, """{"add":{"headers":["X-A:$(headers[\"x-b\"] or 'none')"]}}""").UsesTemplates);
        Assert.True(Valid(Plugin, """{"replace":{"uri":"/v2/$(uri_captures[1])"}}""").UsesTemplates);
    }

    [Fact]
    public void Pairs_split_at_the_first_colon()
    {
        var config = Valid(Plugin, """{"add":{"headers":["X-Url:http://a:1/b"]},"rename":{"querystring":["a:b"]}}""");
        Assert.Equal([("X-Url", "http://a:1/b")], config.Headers.Add);
        Assert.Equal([("a", "b")], config.Query.Rename);
    }

    [Theory]
    [InlineData("""{"add":{"headers":["no-colon"]}}""", "config.add.headers.1: invalid value: no-colon")]
    [InlineData("""{"add":{"headers":["bad name:v"]}}""", "config.add.headers.1: bad header name 'bad name', allowed characters are A-Z, a-z, 0-9, '_', and '-'")]
    [InlineData("""{"rename":{"body":[":x"]}}""", "config.rename.body.1: invalid value: :x")]
    [InlineData("""{"remove":{"headers":"X-A"}}""", "config.remove.headers: expected an array")]
    [InlineData("""{"http_method":"get"}""", "config.http_method: invalid value: get")]
    [InlineData("""{"replace":{"uri":"no-slash"}}""", "config.replace.uri: should start with: /")]
    [InlineData("""{"add":{"cookies":["a:b"]}}""", "config.add.cookies: unknown field")]
    [InlineData("""{"add":{"headers":["X-A:$(shared.x)"]}}""", "config.add.headers.1: unsupported template in '$(shared.x)': use $(headers.name), $(query_params.name) or $(uri_captures.name), optionally with or \"fallback\"")]
    [InlineData("""{"replace":{"uri":"/v2/$(uri_captures)"}}""", "config.replace.uri: unsupported template in '/v2/$(uri_captures)': use $(headers.name), $(query_params.name) or $(uri_captures.name), optionally with or \"fallback\"")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
