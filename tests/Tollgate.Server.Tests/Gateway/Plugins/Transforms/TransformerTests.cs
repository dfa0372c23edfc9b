using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Transforms;

/// <summary>request-transformer and response-transformer through the real gateway, checked at the echoing upstream and at the client.</summary>
public class TransformerTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    [Fact]
    public async Task Request_transformer_edits_headers_and_query_in_kongs_order_and_can_change_method_and_path()
    {
        await using var tenant = await Start(_node, """
            [{"name":"request-transformer","config":{
              "http_method":"POST",
              "remove":{"headers":["X-Secret"],"querystring":["drop"]},
              "rename":{"headers":["X-Old:X-New"],"querystring":["old:new"]},
              "replace":{"headers":["X-Mode:replaced","X-Absent:never"],"querystring":["mode:replaced"],"uri":"/rewritten/path"},
              "add":{"headers":["X-Added:yes","X-Mode:not-added"],"querystring":["added:1"]},
              "append":{"headers":["X-List:two"],"querystring":["tag:b"]}}}]
            """);
        var reply = await tenant.Get("/api/ignored?drop=1&old=o&mode=original&tag=a",
            ("X-Secret", "s"), ("X-Old", "moved"), ("X-Mode", "original"), ("X-List", "one"));
        Assert.Equal(200, reply.Code);
        Assert.Equal("POST", reply.Json["method"]!.GetValue<string>());
        Assert.Null(Received(reply, "X-Secret"));
        Assert.Null(Received(reply, "X-Old"));
        Assert.Equal("moved", Received(reply, "X-New"));
        Assert.Equal("replaced", Received(reply, "X-Mode"));
        Assert.Null(Received(reply, "X-Absent"));
        Assert.Equal("yes", Received(reply, "X-Added"));
        Assert.Equal("one, two", Received(reply, "X-List"));
        var path = reply.Json["path"]!.GetValue<string>();
        Assert.StartsWith("/rewritten/path?", path);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(path[path.IndexOf('?')..]);
        Assert.False(query.ContainsKey("drop"));
        Assert.Equal(("o", "replaced", "1"), (query["new"].ToString(), query["mode"].ToString(), query["added"].ToString()));
        Assert.Equal("a,b", query["tag"].ToString());
    }

    [Fact]
    public async Task Request_transformer_edits_json_and_form_bodies_and_leaves_other_bodies_alone()
    {
        await using var tenant = await Start(_node, """
            [{"name":"request-transformer","config":{
              "remove":{"body":["password"]},"rename":{"body":["user:login"]},"replace":{"body":["plan:pro"]},
              "add":{"body":["source:gateway"]},"append":{"body":["tags:new"]}}}]
            """);
        var json = await tenant.Send(HttpMethod.Post, "/api",
            new StringContent("""{"user":"ann","password":"p","plan":"free","tags":["old"]}""", Encoding.UTF8, "application/json"));
        var sent = JsonNode.Parse(json.Json["body"]!.GetValue<string>())!.AsObject();
        Assert.Equal("""{"plan":"pro","tags":["old","new"],"login":"ann","source":"gateway"}""", sent.ToJsonString());
        Assert.Equal(sent.ToJsonString().Length.ToString(), Received(json, "Content-Length"));

        var form = await tenant.Send(HttpMethod.Post, "/api",
            new FormUrlEncodedContent([new("user", "ann"), new("password", "p"), new("tags", "old")]));
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(form.Json["body"]!.GetValue<string>());
        Assert.Equal(("ann", "gateway"), (fields["login"].ToString(), fields["source"].ToString()));
        Assert.False(fields.ContainsKey("password"));
        Assert.Equal("old,new", fields["tags"].ToString());

        var text = await tenant.Send(HttpMethod.Post, "/api", new StringContent("user=ann&password=p", Encoding.UTF8, "text/plain"));
        Assert.Equal("user=ann&password=p", text.Json["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_transformer_templates_take_the_request_as_it_arrived()
    {
        await using var tenant = await Start(_node, "[]");
        var route = await tenant.Admin.Post($"/{tenant.Slug}/services/s/routes", """{"name":"items","paths":["~/items/(?<id>\\d+)$"]}""");
        Assert.True(route.Code == 201, route.Text);
        var plugin = await tenant.Admin.Post($"/{tenant.Slug}/routes/items/plugins", """
            {"name":"request-transformer","config":{
              "rename":{"headers":["X-Tenant:X-Old-Tenant"]},
              "add":{"headers":["X-Item:$(uri_captures.id)","X-From-Tenant:$(headers.x_tenant)","X-Region:$(query_params.region or 'eu')"],
                     "querystring":["item:$(uri_captures[1])"]},
              "replace":{"uri":"/v2/items/$(uri_captures.id)"}}}
            """);
        Assert.True(plugin.Code == 201, plugin.Text);
        await Eventually.Holds(async () => await tenant.Get("/items/42") is { Code: 200 } served && Received(served, "X-Item") is not null,
            Soon, "the route being served with its plugin");

        var reply = await tenant.Get("/items/42", ("X-Tenant", "acme"));
        Assert.Equal("42", Received(reply, "X-Item"));
        Assert.Equal("acme", Received(reply, "X-From-Tenant"));
        Assert.Equal("acme", Received(reply, "X-Old-Tenant"));
        Assert.Equal("eu", Received(reply, "X-Region"));
        Assert.Equal("/v2/items/42?item=42", reply.Json["path"]!.GetValue<string>());
        Assert.Equal("us", Received(await tenant.Get("/items/7?region=us"), "X-Region"));

        var unsupported = await tenant.Admin.Post($"/{tenant.Slug}/plugins", """{"name":"request-transformer","config":{"add":{"headers":["X-A:$(os.getenv('HOME'))"]}}}""");
        Assert.Equal(400, unsupported.Code);
        Assert.StartsWith("unsupported template", unsupported.Json["fields"]!["config"]!["add"]!["headers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Response_transformer_edits_headers_and_typed_json_keys_of_the_upstream_answer()
    {
        await using var tenant = await Start(_node, """
            [{"name":"response-transformer","config":{
              "remove":{"headers":["X-Upstream"],"json":["headers"]},
              "rename":{"headers":["X-From:X-To"],"json":["upstream:origin"]},
              "replace":{"json":["method:REPLACED"]},
              "add":{"headers":["X-Added:yes"],"json":["count:3","enabled:true","note:plain"],"json_types":["number","boolean"]},
              "append":{"headers":["X-List:two"],"json":["path:extra"]}}}]
            """);
        var reply = await tenant.Get("/api?set-header=X-From:moved&set-header=X-List:one");
        Assert.Equal(200, reply.Code);
        Assert.False(reply.Response.Headers.Contains("X-Upstream"));
        Assert.Equal("moved", reply.Response.Headers.GetValues("X-To").Single());
        Assert.Equal("yes", reply.Response.Headers.GetValues("X-Added").Single());
        Assert.Equal(["one", "two"], reply.Response.Headers.GetValues("X-List"));
        var body = reply.Json;
        Assert.Null(body["headers"]);
        Assert.Null(body["upstream"]);
        Assert.Equal("plugins", body["origin"]!.GetValue<string>());
        Assert.Equal("REPLACED", body["method"]!.GetValue<string>());
        Assert.Equal(3, body["count"]!.GetValue<double>());
        Assert.True(body["enabled"]!.GetValue<bool>());
        Assert.Equal("plain", body["note"]!.GetValue<string>());
        Assert.Equal(["/?set-header=X-From:moved&set-header=X-List:one", "extra"], body["path"]!.AsArray().Select(p => p!.GetValue<string>()));

        var text = await tenant.Get("/api?content-type=text/plain");
        Assert.Contains("\"upstream\":\"plugins\"", text.Text);
        Assert.Equal("yes", text.Response.Headers.GetValues("X-Added").Single());
        Assert.Equal(text.Text.Length, text.Response.Content.Headers.ContentLength);
    }
}
