using Microsoft.Extensions.Primitives;
using static Tollgate.Gateway.Plugins.PluginConfigCases;

namespace Tollgate.Gateway.Plugins.ProxyCache;

public class ProxyCacheConfigTests
{
    private static readonly ProxyCachePlugin Plugin = new();

    [Fact]
    public void Defaults_are_kongs()
    {
        var config = Valid(Plugin, """{"strategy":"memory"}""");
        Assert.Equal([200, 301, 404], config.ResponseCodes.Order());
        Assert.Equal(["GET", "HEAD"], config.RequestMethods.Order());
        Assert.Equal(["text/plain", "application/json"], config.ContentTypes);
        Assert.Equal((300, false, null), (config.CacheTtl, config.CacheControl, config.VaryQueryParams));
        Assert.True(config.AgeHeader && config.StatusHeader && config.KeyHeader);
    }

    [Theory]
    [InlineData("""{}""", "config.strategy: required field missing")]
    [InlineData("""{"strategy":"redis"}""", "config.strategy: expected one of: memory")]
    [InlineData("""{"strategy":"memory","cache_ttl":0}""", "config.cache_ttl: value must be greater than 0")]
    [InlineData("""{"strategy":"memory","response_code":[99]}""", "config.response_code.1: value should be between 100 and 900")]
    [InlineData("""{"strategy":"memory","response_code":[]}""", "config.response_code: length must be at least 1")]
    [InlineData("""{"strategy":"memory","request_method":["DELETE"]}""", "config.request_method.1: expected one of: HEAD, GET, POST, PATCH, PUT")]
    public void Invalid_configs_are_refused_naming_the_field(string json, string error) => Assert.Contains(error, Refused(Plugin, json));

    private static CachedResponse Response(int bytes) =>
        new(200, [KeyValuePair.Create("Content-Type", new StringValues("text/plain"))], new byte[bytes], DateTimeOffset.UtcNow, 60, 60);

    [Fact]
    public void A_tenant_over_its_budget_loses_its_oldest_entries_first_and_others_keep_theirs()
    {
        var store = new CacheStore(new GatewayOptions { ProxyCacheBytes = 1_000_000, ProxyCacheBytesPerTenant = 10_000 });
        var plugin = Guid.NewGuid();
        store.Put("other", plugin, "kept", Response(2_000));
        for (var i = 0; i < 8; i++) store.Put("busy", plugin, $"k{i}", Response(2_000));
        Assert.Null(store.Get("busy", plugin, "k0"));
        Assert.NotNull(store.Get("busy", plugin, "k7"));
        Assert.NotNull(store.Get("other", plugin, "kept"));
        Assert.InRange(store.Bytes, 0, 10_000 + 2_200);
        Assert.Null(Record(() => store.Put("busy", plugin, "huge", Response(5_000))));
        Assert.Null(store.Get("busy", plugin, "huge"));
    }

    [Fact]
    public void The_node_budget_evicts_from_the_largest_tenant()
    {
        var store = new CacheStore(new GatewayOptions { ProxyCacheBytes = 9_000, ProxyCacheBytesPerTenant = 8_000 });
        var plugin = Guid.NewGuid();
        store.Put("small", plugin, "a", Response(1_500));
        for (var i = 0; i < 3; i++) store.Put("large", plugin, $"k{i}", Response(1_900));
        store.Put("small", plugin, "b", Response(1_500));
        store.Put("small", plugin, "c", Response(1_500));
        Assert.True(store.Bytes <= 9_000);
        Assert.Null(store.Get("large", plugin, "k0"));
        Assert.NotNull(store.Get("small", plugin, "a"));
    }

    [Fact]
    public void Purges_take_one_key_one_plugin_or_everything()
    {
        var store = new CacheStore(new GatewayOptions());
        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        store.Put("t", one, "k", Response(10));
        store.Put("t", two, "k", Response(10));
        store.Put("t", two, "j", Response(10));
        Assert.Equal(1, store.Purge("t", one, "k"));
        Assert.Single(store.Find("t", null, "k"));
        Assert.Equal(2, store.Purge("t", null, null));
        Assert.Equal(0, store.Bytes);
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
