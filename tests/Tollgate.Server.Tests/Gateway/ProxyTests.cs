using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Server.Gateway;

/// <summary>The gateway co-hosted in the all-in-one node, proxying to real Kestrel upstreams over loopback.</summary>
public class ProxyTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    private async Task<(string Slug, HttpClient Admin, string Host)> NewTenant(string plan = "free")
    {
        var slug = AdminHttp.NewSlug("gw");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"{{plan}}"}""");
        Assert.Equal(201, created.Code);
        return (slug, _node.AdminAs(created.Json["admin_token"]!.GetValue<string>()), $"{slug}.localhost");
    }

    /// <summary>Service "s" pointing at the upstream, with the given routes.</summary>
    private static async Task Serve(HttpClient admin, string slug, TestUpstream upstream, params string[] routes)
    {
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""")).Code);
        foreach (var route in routes)
        {
            var created = await admin.Post($"/{slug}/services/s/routes", route);
            Assert.True(created.Code == 201, created.Text);
        }
    }

    private async Task<AdminHttp.Reply> Until(string host, string path, Func<AdminHttp.Reply, bool> condition)
    {
        AdminHttp.Reply? last = null;
        try
        {
            await Eventually.Holds(async () => condition(last = await _node.Proxy(host, path)), Soon, $"GET {host}{path} answering as expected");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}; last answer: {last?.Code} {last?.Text}");
        }
        return last!;
    }

    [Fact]
    public async Task A_route_created_through_the_admin_api_answers_at_once_with_the_request_intact()
    {
        await using var upstream = await TestUpstream.Start("echo");
        var (slug, admin, host) = await NewTenant();
        Assert.Equal(201, (await admin.PostForm($"/{slug}/services", ("name", "echo"), ("url", $"http://{upstream.Address}/base"))).Code);
        Assert.Equal(201, (await admin.PostForm($"/{slug}/services/echo/routes", ("paths[]", "/mock"), ("name", "mock"))).Code);

        await Until(host, "/mock", r => r.Code == 200);
        var reply = await _node.Proxy(host, HttpMethod.Put, "/mock/items/42?color=red&size=m",
            new StringContent("""{"hello":"world"}""", Encoding.UTF8, "application/json"), ("X-Custom", "kept"), ("X-Forwarded-For", "10.1.1.1"));

        Assert.Equal(200, reply.Code);
        var echo = reply.Json;
        Assert.Equal("PUT", echo["method"]!.GetValue<string>());
        Assert.Equal("/base/items/42?color=red&size=m", echo["path"]!.GetValue<string>());
        Assert.Equal("""{"hello":"world"}""", echo["body"]!.GetValue<string>());
        var headers = echo["headers"]!;
        Assert.Equal("kept", headers["x-custom"]!.GetValue<string>());
        Assert.Equal("application/json; charset=utf-8", headers["content-type"]!.GetValue<string>());
        Assert.Equal(upstream.Address, headers["host"]!.GetValue<string>());
        Assert.Equal("10.1.1.1, 127.0.0.1", headers["x-forwarded-for"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", headers["x-real-ip"]!.GetValue<string>());
        Assert.Equal("http", headers["x-forwarded-proto"]!.GetValue<string>());
        Assert.Equal(host, headers["x-forwarded-host"]!.GetValue<string>());
        Assert.Equal(_node.Settings.ProxyPort.ToString(), headers["x-forwarded-port"]!.GetValue<string>());
        Assert.Equal("/mock/items/42", headers["x-forwarded-path"]!.GetValue<string>());
        Assert.Contains("tollgate", headers["via"]!.GetValue<string>());
        Assert.Contains("tollgate", reply.Response.Headers.Via.ToString());
    }

    [Fact]
    public async Task Prometheus_metrics_count_applied_configs_and_proxied_requests()
    {
        var (_, _, host) = await NewTenant();
        await _node.Proxy(host, "/nothing");
        var metrics = await _node.Status.GetStringAsync("/metrics");
        Assert.Contains("tollgate_config_applied", metrics);
        Assert.Matches(@"tollgate_proxy_requests_total\{[^}]*code=""4xx""[^}]*\} [1-9]", metrics);
        Assert.Contains("kestrel_active_connections", metrics);
    }

    [Fact]
    public async Task A_node_serves_only_the_tenants_of_its_pools()
    {
        await using var upstream = await TestUpstream.Start("pooled");
        var slug = AdminHttp.NewSlug("pool");
        var created = await _node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","pool":"dedicated"}""");
        var admin = _node.AdminAs(created.Json["admin_token"]!.GetValue<string>());
        await Serve(admin, slug, upstream, """{"paths":["/"]}""");
        var host = $"{slug}.localhost";
        await Task.Delay(500);
        Assert.Equal(404, (await _node.Proxy(host, "/")).Code);

        Assert.Equal(200, (await _node.Operator().Patch($"/tenants/{slug}", """{"pool":"shared"}""")).Code);
        await Until(host, "/", r => r.Code == 200);
        Assert.Equal(200, (await _node.Operator().Patch($"/tenants/{slug}", """{"pool":"dedicated"}""")).Code);
        await Until(host, "/", r => r.Code == 404);
    }

    [Fact]
    public async Task Preserve_host_sends_the_clients_host_and_paths_match_after_normalisation()
    {
        await using var upstream = await TestUpstream.Start("host");
        var (slug, admin, host) = await NewTenant();
        await Serve(admin, slug, upstream, """{"paths":["/keep"],"preserve_host":true,"strip_path":false}""", """{"paths":["/mock"],"strip_path":false}""");
        var kept = await Until(host, "/keep", r => r.Code == 200);
        Assert.Equal($"{host}:{_node.Settings.ProxyPort}", kept.Json["headers"]!["host"]!.GetValue<string>());

        // Percent-encoded unreserved characters and dot segments are normalised before matching. The request
        // line is sent as written: an HttpClient would normalise it before it left.
        Assert.Contains("\"path\":\"/mock/x\"", await RawGet(host, "/mo%63k/x"));
        Assert.Contains("\"path\":\"/mock/x\"", await RawGet(host, "/other/../mock/./x"));
    }

    private async Task<string> RawGet(string host, string target)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _node.Settings.ProxyPort);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 200", response);
        return response;
    }

    [Fact]
    public async Task Unknown_hosts_and_paths_get_kongs_404()
    {
        var (slug, admin, host) = await NewTenant();
        var unknown = await _node.Proxy("nobody-here.localhost", "/x");
        Assert.Equal(404, unknown.Code);
        Assert.Equal("no Route matched with those values", unknown.Json["message"]!.GetValue<string>());
        await admin.Post($"/{slug}/services", """{"name":"s","url":"http://127.0.0.1:9"}""");
        await admin.Post($"/{slug}/services/s/routes", """{"paths":["/only"]}""");
        await Until(host, "/only", r => r.Code != 404);
        Assert.Equal(404, (await _node.Proxy(host, "/elsewhere")).Code);
    }

    [Fact]
    public async Task Route_changes_and_deletes_are_live_without_restart()
    {
        await using var upstream = await TestUpstream.Start("live");
        var (slug, admin, host) = await NewTenant();
        await Serve(admin, slug, upstream, """{"name":"r","paths":["/v1"]}""");
        await Until(host, "/v1", r => r.Code == 200);

        await admin.Patch($"/{slug}/routes/r", """{"paths":["/v2"]}""");
        await Until(host, "/v2", r => r.Code == 200);
        Assert.Equal(404, (await _node.Proxy(host, "/v1")).Code);

        await admin.Delete($"/{slug}/routes/r");
        await Until(host, "/v2", r => r.Code == 404);
    }

    [Fact]
    public async Task A_claimed_domain_routes_to_its_tenant()
    {
        await using var upstream = await TestUpstream.Start("claimed");
        var (slug, admin, _) = await NewTenant();
        var domain = $"api.{slug}.example.test";
        await admin.Post($"/{slug}/domains", $$"""{"name":"{{domain}}"}""");
        await admin.Post($"/{slug}/domains", $$"""{"name":"*.apps.{{slug}}.example.test"}""");
        await Serve(admin, slug, upstream, """{"paths":["/"]}""");
        await Until(domain, "/hello", r => r.Code == 200);
        Assert.Equal(200, (await _node.Proxy($"shop.apps.{slug}.example.test", "/hello")).Code);
        Assert.Equal(404, (await _node.Proxy($"other.{slug}.example.test", "/hello")).Code);
    }

    [Fact]
    public async Task Weighted_round_robin_spreads_requests_by_weight()
    {
        await using var heavy = await TestUpstream.Start("heavy");
        await using var light = await TestUpstream.Start("light");
        var (slug, admin, host) = await NewTenant("pro");
        await admin.Post($"/{slug}/upstreams", """{"name":"pool.internal"}""");
        await admin.Post($"/{slug}/upstreams/pool.internal/targets", $$"""{"target":"{{heavy.Address}}","weight":300}""");
        await admin.Post($"/{slug}/upstreams/pool.internal/targets", $$"""{"target":"{{light.Address}}","weight":100}""");
        await admin.Post($"/{slug}/services", """{"name":"s","host":"pool.internal"}""");
        await admin.Post($"/{slug}/services/s/routes", """{"paths":["/"]}""");
        await Until(host, "/", r => r.Code == 200);

        var before = (heavy.Hits, light.Hits);
        for (var i = 0; i < 400; i++) Assert.Equal(200, (await _node.Proxy(host, "/")).Code);
        Assert.Equal(300, heavy.Hits - before.Item1);
        Assert.Equal(100, light.Hits - before.Item2);

        // Without health checks nothing takes a target out: Kong calls that HEALTHCHECKS_OFF.
        var health = (await admin.Get($"/{slug}/upstreams/pool.internal/health")).Json["data"]!.AsArray();
        Assert.Equal(["HEALTHCHECKS_OFF", "HEALTHCHECKS_OFF"], health.Select(t => t!["health"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_killed_target_is_ejected_by_passive_checks_and_readmitted_by_active_checks()
    {
        await using var steady = await TestUpstream.Start("steady");
        await using var flaky = await TestUpstream.Start("flaky");
        var (slug, admin, host) = await NewTenant("pro");
        var upstream = await admin.Post($"/{slug}/upstreams", """
            {"name":"checked.internal","healthchecks":{
              "passive":{"unhealthy":{"tcp_failures":1,"http_failures":0,"timeouts":0}},
              "active":{"http_path":"/health","timeout":1,"healthy":{"interval":1,"successes":1},"unhealthy":{"interval":1,"tcp_failures":1,"http_failures":0,"timeouts":0}}}}
            """);
        Assert.True(upstream.Code == 201, upstream.Text);
        await admin.Post($"/{slug}/upstreams/checked.internal/targets", $$"""{"target":"{{steady.Address}}"}""");
        await admin.Post($"/{slug}/upstreams/checked.internal/targets", $$"""{"target":"{{flaky.Address}}"}""");
        await admin.Post($"/{slug}/services", """{"name":"s","host":"checked.internal"}""");
        await admin.Post($"/{slug}/services/s/routes", """{"paths":["/"]}""");
        await Until(host, "/", r => r.Code == 200);

        await flaky.Stop();
        // Every request still succeeds: a refused connection is retried on the other target, and the dead one is ejected.
        for (var i = 0; i < 20; i++) Assert.Equal(200, (await _node.Proxy(host, "/")).Code);
        var steadyHits = steady.Hits;
        for (var i = 0; i < 10; i++) Assert.Equal("steady", (await _node.Proxy(host, "/")).Json["upstream"]!.GetValue<string>());
        Assert.Equal(steadyHits + 10, steady.Hits);
        // The nodes report what they see: GET /upstreams/{u}/health shows the ejected target.
        async Task<string?> Health(TestUpstream target) =>
            (await admin.Get($"/{slug}/upstreams/checked.internal/health")).Json["data"]!.AsArray()
                .Single(t => t!["target"]!.GetValue<string>() == target.Address)!["health"]!.GetValue<string>();
        await Eventually.Holds(async () => await Health(flaky) == "UNHEALTHY" && await Health(steady) == "HEALTHY",
            TimeSpan.FromSeconds(15), "the node's view of the ejected target reported");

        await flaky.Start();
        await Eventually.Holds(async () => (await _node.Proxy(host, "/")).Json["upstream"]!.GetValue<string>() == "flaky",
            TimeSpan.FromSeconds(10), "the recovered target receiving traffic again");
        await Eventually.Holds(async () => await Health(flaky) == "HEALTHY", TimeSpan.FromSeconds(15), "the recovery reported");
    }

    [Fact]
    public async Task No_healthy_target_is_503_and_a_refused_connection_is_502()
    {
        var (slug, admin, host) = await NewTenant();
        await admin.Post($"/{slug}/upstreams", """{"name":"empty.internal"}""");
        await admin.Post($"/{slug}/services", """{"name":"balanced","host":"empty.internal"}""");
        await admin.Post($"/{slug}/services/balanced/routes", """{"paths":["/balanced"]}""");
        var closed = TollgateNode.FreePort();
        await admin.Post($"/{slug}/services", $$"""{"name":"direct","url":"http://127.0.0.1:{{closed}}","retries":0}""");
        await admin.Post($"/{slug}/services/direct/routes", """{"paths":["/direct"]}""");

        var noPeer = await Until(host, "/balanced", r => r.Code != 404);
        Assert.Equal(503, noPeer.Code);
        Assert.Equal("failure to get a peer from the ring-balancer", noPeer.Json["message"]!.GetValue<string>());
        var refused = await Until(host, "/direct", r => r.Code != 404);
        Assert.Equal(502, refused.Code);
        Assert.Equal("An invalid response was received from the upstream server", refused.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_slow_upstream_is_a_504()
    {
        await using var upstream = await TestUpstream.Start("slow");
        var (slug, admin, host) = await NewTenant();
        await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}","read_timeout":300}""");
        await admin.Post($"/{slug}/services/s/routes", """{"paths":["/slow"],"strip_path":false}""");
        await Until(host, "/slow?ms=0", r => r.Code == 200);
        var reply = await _node.Proxy(host, "/slow?ms=3000");
        Assert.Equal(504, reply.Code);
        Assert.Equal("The upstream server is timing out", reply.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_flooded_tenant_gets_429_while_another_tenant_is_served()
    {
        await using var upstream = await TestUpstream.Start("shared");
        var (a, adminA, hostA) = await NewTenant("free");
        var (b, adminB, hostB) = await NewTenant("pro");
        foreach (var (slug, admin) in new[] { (a, adminA), (b, adminB) })
        {
            await Serve(admin, slug, upstream, """{"paths":["/"],"strip_path":false}""");
        }
        await Until(hostA, "/slow?ms=0", r => r.Code == 200);
        await Until(hostB, "/slow?ms=0", r => r.Code == 200);

        // The free plan's cap in these tests is 4 requests in flight.
        var flood = Enumerable.Range(0, 20).Select(_ => _node.Proxy(hostA, "/slow?ms=1000")).ToList();
        await Task.Delay(200);
        var served = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _node.Proxy(hostB, "/slow?ms=10")));
        var flooded = await Task.WhenAll(flood);

        Assert.All(served, r => Assert.Equal(200, r.Code));
        Assert.Equal(4, flooded.Count(r => r.Code == 200));
        var refused = flooded.Where(r => r.Code == 429).ToList();
        Assert.Equal(16, refused.Count);
        Assert.Equal("Too many concurrent requests for this tenant", refused[0].Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_websocket_passes_through_both_ways()
    {
        await using var upstream = await TestUpstream.Start("ws");
        var (slug, admin, host) = await NewTenant();
        await Serve(admin, slug, upstream, """{"paths":["/socket"]}""");
        await Until(host, "/socket", r => r.Code == 200);

        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Host", $"{host}:{_node.Settings.ProxyPort}");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_node.Settings.ProxyPort}/socket"), CancellationToken.None);
        var buffer = new byte[1024];
        foreach (var message in new[] { "hello", "again" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal($"ws:{message}", Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task An_https_only_route_answers_plain_http_with_kongs_426_or_its_redirect()
    {
        var (slug, admin, host) = await NewTenant();
        await admin.Post($"/{slug}/services", """{"name":"s","url":"http://127.0.0.1:9"}""");
        await admin.Post($"/{slug}/services/s/routes", """{"paths":["/secure"],"protocols":["https"]}""");
        await admin.Post($"/{slug}/services/s/routes", """{"paths":["/moved"],"protocols":["https"],"https_redirect_status_code":301}""");
        var upgrade = await Until(host, "/secure", r => r.Code != 404);
        Assert.Equal(426, upgrade.Code);
        Assert.Equal("Please use HTTPS protocol", upgrade.Json["message"]!.GetValue<string>());
        var moved = await Until(host, "/moved/x?y=1", r => r.Code != 404);
        Assert.Equal(301, moved.Code);
        Assert.Equal($"https://{host}/moved/x?y=1", moved.Response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Consistent_hashing_on_the_consumer_keeps_each_consumer_on_one_target_and_spreads_consumers()
    {
        await using var one = await TestUpstream.Start("one");
        await using var two = await TestUpstream.Start("two");
        var (slug, admin, host) = await NewTenant("pro");
        var keys = Enumerable.Range(1, 12).Select(i => $"k{i}").ToList();
        var consumers = new JsonArray(keys.Select(k => (JsonNode?)new JsonObject
        {
            ["username"] = "c-" + k,
            ["keyauth_credentials"] = new JsonArray(new JsonObject { ["key"] = k }),
        }).ToArray());
        var config = new JsonObject
        {
            ["_format_version"] = "3.0",
            ["upstreams"] = new JsonArray(new JsonObject
            {
                ["name"] = "hashed.internal", ["algorithm"] = "consistent-hashing", ["hash_on"] = "consumer", ["hash_fallback"] = "ip",
                ["targets"] = new JsonArray(new JsonObject { ["target"] = one.Address }, new JsonObject { ["target"] = two.Address }),
            }),
            ["services"] = new JsonArray(new JsonObject
            {
                ["name"] = "s", ["host"] = "hashed.internal",
                ["routes"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("/"), ["plugins"] = new JsonArray(new JsonObject { ["name"] = "key-auth" }) }),
            }),
            ["consumers"] = consumers,
        };
        Assert.Equal(201, (await admin.Post($"/{slug}/config", config.ToJsonString())).Code);
        await Until(host, "/", r => r.Code == 401);
        var targetOf = new Dictionary<string, HashSet<string>>();
        foreach (var key in keys)
        {
            targetOf[key] = [];
            for (var i = 0; i < 5; i++)
            {
                var reply = await _node.Proxy(host, HttpMethod.Get, "/", null, ("apikey", key));
                targetOf[key].Add(reply.Json["upstream"]!.GetValue<string>());
            }
        }
        Assert.All(targetOf.Values, targets => Assert.Single(targets));
        Assert.Equal(2, targetOf.Values.Select(t => t.Single()).Distinct().Count());
    }

    [Fact]
    public async Task A_grpc_unary_call_passes_through_over_http2()
    {
        await using var grpc = await TestGrpcUpstream.Start();
        var (slug, admin, host) = await NewTenant();
        Assert.Equal(201, (await admin.Post($"/{slug}/services", $$"""{"name":"greeter","url":"grpc://127.0.0.1:{{grpc.Port}}"}""")).Code);
        Assert.Equal(201, (await admin.Post($"/{slug}/services/greeter/routes", """{"protocols":["grpc"],"paths":["/greet.Greeter/"],"strip_path":false}""")).Code);

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        async Task<HttpResponseMessage> Call(string name)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_node.Settings.ProxyHttp2Port}/greet.Greeter/SayHello")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(TestGrpcUpstream.Frame(TestGrpcUpstream.WriteString(name))),
            };
            request.Headers.Host = host;
            request.Headers.TryAddWithoutValidation("TE", "trailers");
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
            return await client.SendAsync(request);
        }
        await Eventually.Holds(async () => (await Call("probe")).StatusCode == HttpStatusCode.OK, Soon, "the gRPC route being served");

        using var response = await Call("Ada");
        Assert.Equal(new Version(2, 0), response.Version);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType!.MediaType);
        var reply = TestGrpcUpstream.ReadString(TestGrpcUpstream.Unframe(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal("Hello Ada via HTTP/2", reply);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Https_presents_the_tenants_certificate_by_sni_and_routes_match_on_snis()
    {
        await using var upstream = await TestUpstream.Start("tls");
        var (slug, admin, host) = await NewTenant();
        var (cert, key) = TestCertificates.SelfSigned(host);
        var certificate = await admin.Post($"/{slug}/certificates",
            new JsonObject { ["cert"] = cert, ["key"] = key, ["snis"] = new JsonArray(host) }.ToJsonString());
        Assert.Equal(201, certificate.Code);
        await Serve(admin, slug, upstream, $$"""{"paths":["/secure"],"protocols":["https"],"snis":["{{host}}"]}""", """{"paths":["/open"]}""");
        await Until(host, "/open", r => r.Code == 200);

        string? presented = null;
        var port = _node.Settings.ProxyHttpsPort;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            // Every name resolves to this node's HTTPS port; the name still travels as SNI and Host.
            ConnectCallback = async (_, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => { presented = certificate?.Subject; return true; },
            },
        });

        var secure = await client.GetAsync($"https://{host}:{port}/secure/x");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal($"CN={host}", presented);
        var echo = JsonNode.Parse(await secure.Content.ReadAsStringAsync())!;
        Assert.Equal("https", echo["headers"]!["x-forwarded-proto"]!.GetValue<string>());
        // Without TLS there is no server name, so a route that names snis cannot match (as in Kong).
        Assert.Equal(404, (await _node.Proxy(host, "/secure/x")).Code);

        using var unknown = await client.GetAsync($"https://nobody-{slug}.localhost:{port}/");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("CN=localhost", presented);
    }

    [Fact]
    public async Task Oversized_request_lines_and_headers_get_4xx()
    {
        var (_, _, host) = await NewTenant();
        var longPath = "/" + new string('a', 10_000);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await _node.Proxy(host, longPath)).Status);
        var manyHeaders = Enumerable.Range(0, 150).Select(i => ($"X-H{i}", "v")).ToArray();
        var tooMany = await _node.Proxy(host, HttpMethod.Get, "/", null, manyHeaders);
        Assert.Equal(431, tooMany.Code);
        var huge = await _node.Proxy(host, HttpMethod.Get, "/", null, ("X-Big", new string('b', 40_000)));
        Assert.Equal(431, huge.Code);
    }
}
