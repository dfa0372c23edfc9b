using System.Net;
using Tollgate.Gateway.Net;
using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.HttpLog;

public class HttpLogConfigTests
{
    private static readonly HttpLogPlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin, """{"http_endpoint":"https://user:pw@logs.example.com/in"}""");
        Assert.Equal(("POST", "application/json", TimeSpan.FromSeconds(10)), (config.Method, config.ContentType, config.Timeout));
        Assert.Equal(new LogQueueSettings(1, TimeSpan.FromSeconds(1), 10000, null, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(0.01), TimeSpan.FromSeconds(60), false), config.Queue);
    }

    [Theory]
    [InlineData("""{}""", "config.http_endpoint: required field missing")]
    [InlineData("""{"http_endpoint":"ftp://x"}""", "config.http_endpoint: missing host in url")]
    [InlineData("""{"http_endpoint":"http://x","method":"GET"}""", "config.method: expected one of: POST, PUT, PATCH")]
    [InlineData("""{"http_endpoint":"http://x","queue":{"max_batch_size":0}}""", "config.queue.max_batch_size: value should be between 1 and 1000000")]
    [InlineData("""{"http_endpoint":"http://x","queue":{"concurrency_limit":4}}""", "config.queue.concurrency_limit: expected one of: -1, 1")]
    [InlineData("""{"http_endpoint":"http://x","headers":{"Bad Header":"v"}}""", "config.@entity: bad header name 'Bad Header' in headers")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700::1111", true)]
    public void Tenant_endpoints_reach_only_public_addresses(string address, bool allowed) =>
        Assert.Equal(allowed, EgressGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_guarded_client_refuses_a_loopback_endpoint()
    {
        using var client = new HttpClient(EgressGuard.Handler(allowPrivate: false));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://127.0.0.1:9/"));
        Assert.Contains("no public address", refused.Message);
    }
}
