using System.Text.Json.Nodes;
using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Logs;

/// <summary>http-log against a real receiving server (down, failing and back) and file-log on disk, with Kong's record shape.</summary>
public class LogPluginTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    private static Task Delivered(TestLogReceiver receiver, int count) =>
        Eventually.Holds(() => Task.FromResult(receiver.Entries.Count >= count), TimeSpan.FromSeconds(15), $"{count} log entries delivered");

    [Fact]
    public async Task Http_log_sends_kongs_record_for_proxied_and_refused_requests()
    {
        await using var receiver = await TestLogReceiver.Start();
        await using var tenant = await Start(_node, $$$$"""
            [{"name":"key-auth"},
             {"name":"http-log","config":{"http_endpoint":"{{{{receiver.Url}}}}","method":"PUT","headers":{"X-Log-Token":"t0k"}}}]
            """);
        Assert.Equal(200, (await tenant.Get("/api/items?page=2", ("apikey", "alice-key"), ("Authorization", "Bearer secret"))).Code);
        Assert.Equal(401, (await tenant.Get("/api/items")).Code);
        await Delivered(receiver, 2);

        var (method, headers, _) = receiver.Received.First();
        Assert.Equal(("PUT", "t0k", "application/json"), (method, headers["x-log-token"], headers["content-type"]));
        var entries = receiver.Entries.OrderBy(e => e["response"]!["status"]!.GetValue<int>()).ToList();
        var ok = entries[0];
        Assert.Equal("GET", ok["request"]!["method"]!.GetValue<string>());
        Assert.Equal("/api/items?page=2", ok["request"]!["uri"]!.GetValue<string>());
        Assert.Equal("2", ok["request"]!["querystring"]!["page"]!.GetValue<string>());
        Assert.Equal("REDACTED", ok["request"]!["headers"]!["authorization"]!.GetValue<string>());
        Assert.Equal("/items?page=2", ok["upstream_uri"]!.GetValue<string>());
        Assert.True(ok["response"]!["size"]!.GetValue<long>() > 0);
        Assert.Equal("plugins", ok["response"]!["headers"]!["x-upstream"]!.GetValue<string>());
        Assert.Equal("alice", ok["consumer"]!["username"]!.GetValue<string>());
        Assert.NotNull(ok["authenticated_entity"]!["id"]);
        Assert.Equal(("r", "s"), (ok["route"]!["name"]!.GetValue<string>(), ok["service"]!["name"]!.GetValue<string>()));
        Assert.Equal("upstream", ok["source"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", ok["client_ip"]!.GetValue<string>());
        Assert.InRange(ok["started_at"]!.GetValue<long>(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var latencies = ok["latencies"]!.AsObject();
        Assert.True(latencies["request"]!.GetValue<long>() >= latencies["proxy"]!.GetValue<long>());
        Assert.True(latencies["proxy"]!.GetValue<long>() >= 0);

        var refused = entries[1];
        Assert.Equal(401, refused["response"]!["status"]!.GetValue<int>());
        Assert.Equal("kong", refused["source"]!.GetValue<string>());
        Assert.Equal(-1, refused["latencies"]!["proxy"]!.GetValue<long>());
        Assert.Null(refused["consumer"]);
    }

    [Fact]
    public async Task Http_log_keeps_entries_while_the_receiver_is_down_or_failing_and_delivers_them_when_it_is_back()
    {
        await using var receiver = await TestLogReceiver.Start();
        await receiver.Stop();
        await using var tenant = await Start(_node, $$$$"""
            [{"name":"http-log","config":{"http_endpoint":"{{{{receiver.Url}}}}",
              "queue":{"max_batch_size":10,"max_coalescing_delay":0.2,"initial_retry_delay":0.05,"max_retry_delay":0.2,"max_retry_time":60}}}]
            """);
        for (var i = 0; i < 5; i++) Assert.Equal(200, (await tenant.Get($"/api/down/{i}")).Code);
        await Task.Delay(500);
        receiver.FailWith = 503;
        await receiver.Restart();
        for (var i = 0; i < 5; i++) Assert.Equal(200, (await tenant.Get($"/api/failing/{i}")).Code);
        await Task.Delay(500);
        Assert.Empty(receiver.Received);

        receiver.FailWith = null;
        await Delivered(receiver, 10);
        // The readiness probe of the test tenant (GET /api) is logged too.
        var uris = receiver.Entries.Select(e => e["request"]!["uri"]!.GetValue<string>()).Where(u => u != "/api").ToHashSet();
        Assert.Equal(10, uris.Count);
        Assert.Contains("/api/down/0", uris);
        Assert.Contains("/api/failing/4", uris);
        Assert.All(receiver.Received, r => Assert.IsType<JsonArray>(r.Body));
    }

    [Fact]
    public async Task File_log_appends_one_json_line_per_request_inside_the_tenants_folder()
    {
        await using var tenant = await Start(_node, """[{"name":"file-log","config":{"path":"/var/log/api.log"}}]""");
        Assert.Equal(200, (await tenant.Get("/api/one")).Code);
        Assert.Equal(200, (await tenant.Get("/api/two")).Code);
        var file = Path.Combine(_node.Settings.DataDir, "gateway-logs", tenant.Slug, "var", "log", "api.log");
        string[] uris = [];
        await Eventually.Holds(() =>
        {
            // The readiness probe of the test tenant (GET /api) is logged too.
            uris = File.Exists(file) ? [.. File.ReadAllLines(file).Select(l => JsonNode.Parse(l)!["request"]!["uri"]!.GetValue<string>()).Where(u => u != "/api")] : [];
            return Task.FromResult(uris.Length == 2);
        }, TimeSpan.FromSeconds(10), "two lines in the tenant's log file");
        Assert.Equal(["/api/one", "/api/two"], uris);
    }

    [Fact]
    public async Task Log_configs_are_checked_and_paths_cannot_leave_the_tenants_folder()
    {
        await using var tenant = await Start(_node, "[]");
        var escape = await tenant.Admin.Post($"/{tenant.Slug}/plugins", """{"name":"file-log","config":{"path":"../other/api.log"}}""");
        Assert.True(escape.Code == 400, escape.Text);
        Assert.Equal("must not contain '..'", escape.Json["fields"]!["config"]!["path"]!.GetValue<string>());
        var noUrl = await tenant.Admin.Post($"/{tenant.Slug}/plugins", """{"name":"http-log","config":{"http_endpoint":"not a url"}}""");
        Assert.Equal("missing host in url", noUrl.Json["fields"]!["config"]!["http_endpoint"]!.GetValue<string>());
        var lua = await tenant.Admin.Post($"/{tenant.Slug}/plugins", """{"name":"http-log","config":{"http_endpoint":"http://logs.example.com","custom_fields_by_lua":{"x":"return 1"}}}""");
        Assert.Equal(400, lua.Code);
        Assert.Contains("not supported", lua.Json["fields"]!["config"]!["custom_fields_by_lua"]!["x"]!.GetValue<string>());
    }
}
