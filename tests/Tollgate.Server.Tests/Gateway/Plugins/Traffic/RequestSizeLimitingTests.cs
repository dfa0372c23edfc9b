using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Traffic;

/// <summary>request-size-limiting through the real gateway: 413 by Content-Length or by counting a chunked body, 411 when required.</summary>
public class RequestSizeLimitingTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    private sealed class Chunked(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Bodies_over_the_limit_get_413_and_smaller_ones_reach_the_upstream_whole()
    {
        await using var tenant = await Start(_node, """[{"name":"request-size-limiting","config":{"allowed_payload_size":10,"size_unit":"bytes"}}]""");
        var small = await tenant.Send(HttpMethod.Post, "/api", new StringContent("0123456789"));
        Assert.Equal(200, small.Code);
        Assert.Equal("0123456789", small.Json["body"]!.GetValue<string>());
        var large = await tenant.Send(HttpMethod.Post, "/api", new StringContent("0123456789!"));
        Assert.Equal((413, "Request size limit exceeded"), (large.Code, large.Json["message"]!.GetValue<string>()));

        var chunkedSmall = await tenant.Send(HttpMethod.Post, "/api", new Chunked("tiny"));
        Assert.Equal("tiny", chunkedSmall.Json["body"]!.GetValue<string>());
        Assert.Equal(413, (await tenant.Send(HttpMethod.Post, "/api", new Chunked(new string('x', 100)))).Code);
        Assert.Equal(2, tenant.UpstreamHits);
    }

    [Fact]
    public async Task A_required_content_length_that_is_missing_gets_411()
    {
        await using var tenant = await Start(_node, """[{"name":"request-size-limiting","config":{"require_content_length":true}}]""");
        var chunked = await tenant.Send(HttpMethod.Post, "/api", new Chunked("data"));
        Assert.Equal((411, "A valid Content-Length header is required"), (chunked.Code, chunked.Json["message"]!.GetValue<string>()));
        Assert.Equal(200, (await tenant.Send(HttpMethod.Post, "/api", new StringContent("data"))).Code);
    }
}
