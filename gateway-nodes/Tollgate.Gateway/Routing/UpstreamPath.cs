namespace Tollgate.Gateway.Routing;

/// <summary>
/// Kong's join of the service path and the request: strip_path removes the matched prefix, and path_handling v0 or
/// v1 decides how the two halves meet (v0 joins them as path segments; v1 concatenates).
/// </summary>
public static class UpstreamPath
{
    /// <param name="servicePath">The service's path, or null for "/".</param>
    /// <param name="requestPath">The normalised request path.</param>
    /// <param name="postfix">What follows the matched path (null when the route matched without a path).</param>
    public static string Join(string? servicePath, string requestPath, string? postfix, bool stripPath, string pathHandling)
    {
        var upstreamBase = string.IsNullOrEmpty(servicePath) ? "/" : servicePath;
        // Without a path match the postfix is the whole request path less its first slash.
        postfix ??= requestPath.Length > 0 ? requestPath[1..] : "";
        return pathHandling == "v1" ? V1(upstreamBase, requestPath, postfix, stripPath) : V0(upstreamBase, requestPath, postfix, stripPath);
    }

    private static string V1(string upstreamBase, string requestPath, string postfix, bool stripPath)
    {
        if (!stripPath)
        {
            return upstreamBase + requestPath[1..];
        }
        return upstreamBase.EndsWith('/') && postfix.StartsWith('/') ? upstreamBase[..^1] + postfix : upstreamBase + postfix;
    }

    private static string V0(string upstreamBase, string requestPath, string postfix, bool stripPath)
    {
        if (upstreamBase.EndsWith('/'))
        {
            if (!stripPath)
            {
                return upstreamBase + requestPath[1..];
            }
            if (postfix.Length == 0)
            {
                return upstreamBase == "/" ? "/" : requestPath.EndsWith('/') ? upstreamBase : upstreamBase[..^1];
            }
            return postfix.StartsWith('/') ? upstreamBase[..^1] + postfix : upstreamBase + postfix;
        }
        if (!stripPath)
        {
            return requestPath == "/" ? upstreamBase : upstreamBase + requestPath;
        }
        if (postfix.Length == 0)
        {
            return requestPath.Length > 1 && requestPath.EndsWith('/') ? upstreamBase + "/" : upstreamBase;
        }
        return postfix.StartsWith('/') ? upstreamBase + postfix : upstreamBase + "/" + postfix;
    }
}
