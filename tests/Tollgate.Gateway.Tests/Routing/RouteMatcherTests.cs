using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Routing;
using static Tollgate.Gateway.TenantConfigs;

namespace Tollgate.Gateway.Routing;

/// <summary>Kong's traditional_compatible routing rules, one case per row.</summary>
public class RouteMatcherTests
{
    private const string S = "11111111-1111-1111-1111-111111111111";

    private static RouteMatcher Router(params string[] routes) =>
        Compile([("services", Service(S)), .. routes.Select(r => ("routes", r))]).Router;

    private static string? Matched(RouteMatcher router, string method, string host, string path, params (string, string)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers) dictionary.Append(name, value);
        var colon = host.LastIndexOf(':');
        var (bare, port) = colon > 0 ? (host[..colon], int.Parse(host[(colon + 1)..])) : (host, 8000);
        return router.Match(method, bare, port, path, dictionary)?.Route.Name;
    }

    [Fact]
    public void Longest_prefix_wins()
    {
        var router = Router(Route("short", S, """{"paths":["/a"]}"""), Route("long", S, """{"paths":["/ab"]}"""));
        Assert.Equal("long", Matched(router, "GET", "x", "/abc"));
        Assert.Equal("short", Matched(router, "GET", "x", "/a/b"));
        Assert.Null(Matched(router, "GET", "x", "/b"));
    }

    [Fact]
    public void Prefix_is_a_string_prefix()
    {
        var router = Router(Route("foo", S, """{"paths":["/foo"]}"""));
        Assert.Equal("foo", Matched(router, "GET", "x", "/foobar"));
        Assert.Equal("foo", Matched(router, "GET", "x", "/foo"));
        Assert.Null(Matched(router, "GET", "x", "/fo"));
    }

    [Fact]
    public void More_matching_attributes_win()
    {
        var router = Router(Route("paths", S, """{"paths":["/x"]}"""), Route("paths-and-method", S, """{"paths":["/x"],"methods":["GET"]}"""));
        Assert.Equal("paths-and-method", Matched(router, "GET", "x", "/x"));
        Assert.Equal("paths", Matched(router, "POST", "x", "/x"));
    }

    [Fact]
    public void Method_must_match()
    {
        var router = Router(Route("get", S, """{"methods":["GET"]}"""));
        Assert.Equal("get", Matched(router, "GET", "x", "/anything"));
        Assert.Null(Matched(router, "DELETE", "x", "/anything"));
    }

    [Theory]
    [InlineData("api.example.com", "api.example.com", true)]
    [InlineData("api.example.com", "API.example.com", false)]
    [InlineData("api.example.com", "other.example.com", false)]
    [InlineData("*.example.com", "a.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("example.*", "example.org", true)]
    [InlineData("example.*", "example", false)]
    [InlineData("api.example.com:8080", "api.example.com:8080", true)]
    [InlineData("api.example.com:8080", "api.example.com:9090", false)]
    [InlineData("api.example.com", "api.example.com:9090", true)]
    public void Hosts_match_exactly_by_wildcard_and_by_port(string routeHost, string requestHost, bool matches)
    {
        // Hosts reach the router lowercased by the gateway, so an uppercase request host stands for a wrong one here.
        var router = Router(Route("r", S, $$"""{"hosts":["{{routeHost}}"]}"""));
        Assert.Equal(matches, Matched(router, "GET", requestHost, "/") is not null);
    }

    [Fact]
    public void Plain_hosts_beat_wildcard_hosts()
    {
        var router = Router(
            Route("wildcard", S, """{"hosts":["*.example.com"],"paths":["/"]}""", createdAt: 1),
            Route("plain", S, """{"hosts":["a.example.com"],"paths":["/"]}""", createdAt: 2));
        Assert.Equal("plain", Matched(router, "GET", "a.example.com", "/x"));
        Assert.Equal("wildcard", Matched(router, "GET", "b.example.com", "/x"));
    }

    [Fact]
    public void Regex_paths_go_before_prefix_paths_and_by_regex_priority()
    {
        var router = Router(
            Route("prefix", S, """{"paths":["/users"]}"""),
            Route("numeric", S, """{"paths":["~/users/\\d+$"],"regex_priority":1}"""),
            Route("any-id", S, """{"paths":["~/users/\\w+$"],"regex_priority":5}"""));
        Assert.Equal("any-id", Matched(router, "GET", "x", "/users/12"));
        Assert.Equal("any-id", Matched(router, "GET", "x", "/users/abc"));
        Assert.Equal("prefix", Matched(router, "GET", "x", "/users/a/b"));
        Assert.Equal("prefix", Matched(router, "GET", "x", "/users"));
    }

    [Fact]
    public void Regex_is_anchored_at_the_start_of_the_path()
    {
        var router = Router(Route("r", S, """{"paths":["~/v\\d/items"]}"""));
        Assert.Equal("r", Matched(router, "GET", "x", "/v2/items/7"));
        Assert.Null(Matched(router, "GET", "x", "/api/v2/items"));
    }

    [Fact]
    public void Headers_must_match_and_make_a_route_more_specific()
    {
        var router = Router(
            Route("plain", S, """{"paths":["/api"]}"""),
            Route("v2", S, """{"paths":["/api"],"headers":{"x-version":["v2","V3"]}}"""),
            Route("beta", S, """{"paths":["/api"],"headers":{"x-channel":["~*^beta-\\d+$"]}}"""));
        Assert.Equal("v2", Matched(router, "GET", "x", "/api", ("X-Version", "v3")));
        Assert.Equal("beta", Matched(router, "GET", "x", "/api", ("X-Channel", "BETA-7")));
        Assert.Equal("plain", Matched(router, "GET", "x", "/api", ("X-Version", "v1")));
        Assert.Equal("plain", Matched(router, "GET", "x", "/api"));
    }

    [Fact]
    public void A_route_without_paths_matches_every_path_of_its_host()
    {
        var router = Router(Route("host-only", S, """{"hosts":["h.example.com"]}"""), Route("path", S, """{"paths":["/p"]}"""));
        Assert.Equal("host-only", Matched(router, "GET", "h.example.com", "/p/deep"));
        Assert.Equal("path", Matched(router, "GET", "other.example.com", "/p/deep"));
    }

    [Fact]
    public void Full_ties_go_to_the_older_route()
    {
        var router = Router(Route("newer", S, """{"paths":["/t"]}""", createdAt: 20), Route("older", S, """{"paths":["/t"]}""", createdAt: 10));
        Assert.Equal("older", Matched(router, "GET", "x", "/t"));
    }

    [Fact]
    public void Routes_of_a_disabled_service_do_not_match()
    {
        var runtime = Compile(
            ("services", Service(S).Replace("\"enabled\":true", "\"enabled\":false")),
            ("routes", Route("r", S, """{"paths":["/"]}""")));
        Assert.Null(Matched(runtime.Router, "GET", "x", "/"));
    }

    [Fact]
    public void Postfix_is_what_follows_the_matched_path()
    {
        var router = Router(Route("prefix", S, """{"paths":["/api"]}"""), Route("regex", S, """{"paths":["~/v\\d+"]}"""));
        Assert.Equal("/x", router.Match("GET", "h", 80, "/api/x", new HeaderDictionary())!.Postfix);
        Assert.Equal("/items", router.Match("GET", "h", 80, "/v12/items", new HeaderDictionary())!.Postfix);
    }

    [Fact]
    public void Many_prefix_routes_do_not_change_the_answer()
    {
        var routes = Enumerable.Range(0, 2000).Select(i => Route($"r{i}", S, $$"""{"paths":["/svc{{i}}/"]}""")).ToArray();
        var router = Router(routes);
        Assert.Equal("r1234", Matched(router, "GET", "x", "/svc1234/items"));
        Assert.Equal("r7", Matched(router, "GET", "x", "/svc7/"));
        Assert.Null(Matched(router, "GET", "x", "/svc7"));
    }
}
