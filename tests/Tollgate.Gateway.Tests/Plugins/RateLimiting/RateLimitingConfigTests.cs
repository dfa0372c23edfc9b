using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.RateLimiting;

public class RateLimitingConfigTests
{
    private static readonly RateLimitingPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs_with_our_sync_interval()
    {
        var config = Valid(Plugin, """{"minute":5}""");
        Assert.Equal([(RatePeriod.Minute, 5L)], config.Limits);
        Assert.Equal("consumer", config.LimitBy);
        Assert.False(config.Cluster);
        Assert.True(config.FaultTolerant);
        Assert.Equal(429, config.ErrorCode);
        Assert.Equal("API rate limit exceeded", config.ErrorMessage);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.SyncInterval);
    }

    [Fact]
    public void Redis_runs_as_cluster_and_sync_rate_sets_the_interval()
    {
        var config = Valid(Plugin, """{"second":1,"policy":"redis","redis":{"host":"r"},"redis_host":"r","sync_rate":0.5}""");
        Assert.True(config.Cluster);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.SyncInterval);
    }

    [Theory]
    [InlineData("{}", "config.@entity: at least one of these fields must be non-empty: 'config.second', 'config.minute', 'config.hour', 'config.day', 'config.month', 'config.year'")]
    [InlineData("""{"minute":0}""", "config.minute: value must be greater than 0")]
    [InlineData("""{"minute":"5"}""", "config.minute: expected a number")]
    [InlineData("""{"second":10,"minute":5}""", "config.@entity: The limit for minute(5.0) cannot be lower than the limit for second(10.0)")]
    [InlineData("""{"minute":5,"policy":"memcached"}""", "config.policy: expected one of: local, cluster, redis")]
    [InlineData("""{"minute":5,"limit_by":"header"}""", "config.@entity: 'config.header_name' is required when 'config.limit_by' is 'header'")]
    [InlineData("""{"minute":5,"error_code":-1}""", "config.error_code: value must be greater than 0")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) =>
        Assert.Contains(Refused(Plugin, json), line => line.StartsWith(error, StringComparison.Ordinal));
}
