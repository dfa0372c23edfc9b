using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.FileLog;

public class FileLogConfigTests
{
    private static readonly FileLogPlugin Plugin = new();

    [Fact]
    public void An_absolute_path_is_taken_inside_the_tenants_folder()
    {
        var config = Valid(Plugin, """{"path":"/var/log/api.log"}""");
        Assert.Equal(("var/log/api.log", false), (config.Path, config.Reopen));
    }

    [Theory]
    [InlineData("""{}""", "config.path: required field missing")]
    [InlineData("""{"path":"../other/api.log"}""", "config.path: must not contain '..'")]
    [InlineData("""{"path":"/logs/a/../../b.log"}""", "config.path: must not contain '..'")]
    [InlineData("""{"path":"/logs/*.log"}""", "config.path: not a valid filename")]
    [InlineData("""{"path":"/a.log","custom_fields_by_lua":{"x":"return 1"}}""", "config.custom_fields_by_lua.x: custom_fields_by_lua is not supported: Tollgate gateways do not run Lua")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
