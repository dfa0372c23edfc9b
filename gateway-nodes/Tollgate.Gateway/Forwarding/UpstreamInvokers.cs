using System.Collections.Concurrent;
using System.Net;

namespace Tollgate.Gateway.Forwarding;

/// <summary>Pooled HTTP clients to upstreams, one per connect timeout, shared by every tenant.</summary>
public sealed class UpstreamInvokers(Func<TimeSpan, HttpMessageHandler> handlerFor) : IDisposable
{
    private readonly ConcurrentDictionary<TimeSpan, HttpMessageInvoker> _invokers = new();

    public UpstreamInvokers() : this(Sockets)
    {
    }

    public HttpMessageInvoker For(TimeSpan connectTimeout) =>
        _invokers.GetOrAdd(connectTimeout, timeout => new HttpMessageInvoker(handlerFor(timeout)));

    private static HttpMessageHandler Sockets(TimeSpan timeout) => new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        // Kong does not add trace headers unless a tracing plugin asks; neither do we.
        ActivityHeadersPropagator = null,
        ConnectTimeout = timeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
    };

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values) invoker.Dispose();
    }
}
