namespace Tollgate.Gateway.Routing;

/// <summary>Kong's join of service path and request path, for every strip_path and path_handling case.</summary>
public class UpstreamPathTests
{
    [Theory]
    // service path, route path, request, strip_path, v0 result, v1 result
    [InlineData("/s", "/fv0", "/fv0req", false, "/s/fv0req", "/sfv0req")]
    [InlineData("/s", "/fv0", "/fv0/req", false, "/s/fv0/req", "/sfv0/req")]
    [InlineData("/s", "/tv0", "/tv0req", true, "/s/req", "/sreq")]
    [InlineData("/s", "/tv0", "/tv0/req", true, "/s/req", "/s/req")]
    [InlineData("/s", "/tv0", "/tv0", true, "/s", "/s")]
    [InlineData("/s", "/tv0/", "/tv0/", true, "/s/", "/s")]
    [InlineData("/s", "/tv0", "/tv0/", true, "/s/", "/s/")]
    [InlineData("/s/", "/fv0", "/fv0req", false, "/s/fv0req", "/s/fv0req")]
    [InlineData("/s/", "/fv0", "/fv0/req", false, "/s/fv0/req", "/s/fv0/req")]
    [InlineData("/s/", "/tv0", "/tv0req", true, "/s/req", "/s/req")]
    [InlineData("/s/", "/tv0", "/tv0/req", true, "/s/req", "/s/req")]
    [InlineData("/s/", "/tv0", "/tv0", true, "/s", "/s/")]
    [InlineData("/s/", "/tv0", "/tv0/", true, "/s/", "/s/")]
    [InlineData(null, "/x", "/x/y", true, "/y", "/y")]
    [InlineData(null, "/x", "/x", true, "/", "/")]
    [InlineData(null, "/x", "/x/y", false, "/x/y", "/x/y")]
    [InlineData("/s", "/", "/", false, "/s", "/s")]
    public void Service_path_and_request_join_like_kong(string? servicePath, string routePath, string request, bool strip, string v0, string v1)
    {
        var postfix = request[routePath.Length..];
        Assert.Equal(v0, UpstreamPath.Join(servicePath, request, postfix, strip, "v0"));
        Assert.Equal(v1, UpstreamPath.Join(servicePath, request, postfix, strip, "v1"));
    }

    [Theory]
    [InlineData("/s", "/a/b", true, "/s/a/b")]
    [InlineData("/s", "/a/b", false, "/s/a/b")]
    [InlineData(null, "/a/b", true, "/a/b")]
    [InlineData("/s/", "/", true, "/s/")]
    public void A_route_without_paths_forwards_the_whole_path(string? servicePath, string request, bool strip, string expected) =>
        Assert.Equal(expected, UpstreamPath.Join(servicePath, request, postfix: null, strip, "v0"));
}
