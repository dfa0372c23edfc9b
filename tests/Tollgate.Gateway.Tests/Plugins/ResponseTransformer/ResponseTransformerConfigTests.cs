using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.ResponseTransformer;

public class ResponseTransformerConfigTests
{
    private static readonly ResponseTransformerPlugin Plugin = new();

    [Fact]
    public void Json_types_are_read_per_operation()
    {
        var config = Valid(Plugin, """{"add":{"json":["a:1","b:true"],"json_types":["number","boolean"]},"append":{"json":["c:x"]}}""");
        Assert.Equal(["number", "boolean"], config.Types.Add);
        Assert.Empty(config.Types.Append);
        Assert.Equal([("a", "1"), ("b", "true")], config.Json.Add);
        Assert.True(config.Headers.IsEmpty);
    }

    [Theory]
    [InlineData("""{"add":{"json_types":["date"]}}""", "config.add.json_types.1: expected one of: boolean, number, string")]
    [InlineData("""{"replace":{"json":["novalue"]}}""", "config.replace.json.1: invalid value: novalue")]
    [InlineData("""{"remove":{"headers":["X A"]}}""", "config.remove.headers.1: bad header name 'X A', allowed characters are A-Z, a-z, 0-9, '_', and '-'")]
    [InlineData("""{"remove":{"querystring":["a"]}}""", "config.remove.querystring: unknown field")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
