using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.Acl;

public class AclConfigTests
{
    private static readonly AclPlugin Plugin = new();

    [Fact]
    public void Allow_lists_groups_and_the_groups_header_is_kept_by_default()
    {
        var config = Valid(Plugin, """{"allow":["gold"]}""");
        Assert.Equal(["gold"], config.Allow);
        Assert.False(config.HideGroupsHeader);
        Assert.True(Plugin.Schema.NoConsumer);
    }

    [Theory]
    [InlineData("""{}""", "config.@entity: at least one of these fields must be non-empty: 'config.allow', 'config.deny'")]
    [InlineData("""{"allow":["a"],"deny":["b"]}""", "config.@entity: only one of these fields must be non-empty: 'config.allow', 'config.deny'")]
    [InlineData("""{"allow":"gold"}""", "config.allow: expected an array")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
