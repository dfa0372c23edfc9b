using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Tollgate.Gateway.Forwarding;

/// <summary>
/// Shapes the upstream request as Kong does: the joined upstream path and the original query, the Host the route
/// asks for, X-Forwarded-For/-Proto/-Host/-Port/-Path, X-Real-IP and Via; and adds Via to the response.
/// </summary>
public sealed class UpstreamTransformer : HttpTransformer
{
    public const string Via = "1.1 tollgate";

    public static readonly UpstreamTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext context, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(context, proxyRequest, destinationPrefix, cancellationToken);
        var target = context.Features.GetRequiredFeature<ProxyTarget>();
        var request = context.Request;
        proxyRequest.RequestUri = new Uri(destinationPrefix + new PathString(target.UpstreamPath).ToUriComponent() + request.QueryString.Value);
        proxyRequest.Headers.Host = target.UpstreamHost;

        var headers = proxyRequest.Headers;
        var client = context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "";
        var forwardedFor = request.Headers["X-Forwarded-For"].ToString();
        headers.Remove("X-Forwarded-For");
        headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor.Length > 0 ? $"{forwardedFor}, {client}" : client);
        Set(headers, "X-Real-IP", client);
        Set(headers, "X-Forwarded-Proto", request.Scheme);
        Set(headers, "X-Forwarded-Host", request.Host.Host);
        Set(headers, "X-Forwarded-Port", context.Connection.LocalPort.ToString());
        Set(headers, "X-Forwarded-Path", request.Path.Value ?? "/");
        headers.TryAddWithoutValidation(HeaderNames.Via, Via);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext context, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(context, proxyResponse, cancellationToken);
        if (proxyResponse is not null)
        {
            context.Response.Headers.Append(HeaderNames.Via, Via);
            var target = context.Features.GetRequiredFeature<ProxyTarget>();
            target.UpstreamAnswered = System.Diagnostics.Stopwatch.GetTimestamp();
            if (context.Response.ContentLength is null)
            {
                // A chunked body is counted as it passes; known lengths cost nothing.
                target.BodyCounter = new Plugins.ByteCounter(context.Response.Body);
                context.Response.Body = target.BodyCounter;
            }
            context.Features.Get<Plugins.PluginContext>()?.HeaderFilter();
        }
        return proceed;
    }

    private static void Set(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>"host" or "host:port" when the port is not the scheme's default.</summary>
    public static string HostHeader(string host, int port, string scheme)
    {
        var bare = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
        return (scheme, port) is ("http", 80) or ("https", 443) ? bare : $"{bare}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
