using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.IpRestriction;

public class IpRestrictionConfigTests
{
    private static readonly IpRestrictionPlugin Plugin = new();

    [Fact]
    public void Addresses_and_ranges_of_both_families_are_accepted()
    {
        var config = Valid(Plugin, """{"deny":["10.0.0.0/8","2001:db8::/32","192.168.1.1"]}""");
        Assert.True(config.Deny.Contains(System.Net.IPAddress.Parse("10.20.30.40")));
        Assert.True(config.Deny.Contains(System.Net.IPAddress.Parse("2001:db8::1")));
        Assert.False(config.Deny.Contains(System.Net.IPAddress.Parse("192.168.1.2")));
        Assert.Equal(403, config.Status);
    }

    [Theory]
    [InlineData("""{}""", "config.@entity: at least one of these fields must be non-empty: 'config.allow', 'config.deny'")]
    [InlineData("""{"allow":["10.0.0.0/33"]}""", "config.allow.1: invalid ip or cidr range: '10.0.0.0/33'")]
    [InlineData("""{"allow":["10.0.0.1"],"status":700}""", "config.status: value should be between 100 and 599")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));
}
