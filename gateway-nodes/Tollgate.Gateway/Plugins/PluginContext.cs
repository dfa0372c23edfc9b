using System.Text;
using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Tenancy;

namespace Tollgate.Gateway.Plugins;

/// <summary>One request as the plugins see it: the tenant, the matched route, and the consumer an auth plugin identified.</summary>
public sealed class PluginContext(HttpContext http, TenantSlot slot, TenantRuntime runtime, RouteMatch match, PluginChain chain, IServiceProvider services)
{
    public PluginChain Chain { get; } = chain;
    public HttpContext Http { get; } = http;
    public TenantSlot Slot { get; } = slot;
    public TenantRuntime Runtime { get; } = runtime;
    public RouteMatch Match { get; } = match;
    public IServiceProvider Services { get; } = services;

    /// <summary>The consumer an auth plugin identified; later plugins and consumer-scoped configs use it.</summary>
    public GatewayConsumer? Consumer { get; set; }
    public Guid? CredentialId { get; set; }

    /// <summary>State a plugin carries from one phase to a later one (e.g. rate-limit headers), by plugin name.</summary>
    public Dictionary<string, object>? Items { get; set; }

    /// <summary>The path sent upstream when a plugin replaced it (request-transformer's replace.uri).</summary>
    public string? UpstreamPath { get; set; }
    /// <summary>The Host header sent upstream when a plugin set it (request-transformer on "host").</summary>
    public string? UpstreamHost { get; set; }

    /// <summary>When the gateway received the request (Stopwatch ticks).</summary>
    public long Received { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>The plugin that answered the request itself, if one did.</summary>
    public IGatewayPlugin? AnsweredBy { get; private set; }

    /// <summary>Kong's latencies in milliseconds: the gateway's own time, the upstream's wait, the whole request, and the body receive.</summary>
    public readonly record struct Timings(long Kong, long Proxy, long Request, long Receive, bool Proxied);

    /// <summary>The request's latencies so far (called in the log phase, when it is over).</summary>
    public Timings Latencies()
    {
        static long Ms(long from, long to) => (long)System.Diagnostics.Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var total = Ms(Received, now);
        if (Http.Features.Get<Forwarding.ProxyTarget>() is not { UpstreamSent: > 0, UpstreamAnswered: > 0 } target) return new(total, -1, total, 0, false);
        var proxy = Ms(target.UpstreamSent, target.UpstreamAnswered);
        return new(total - proxy, proxy, total, Ms(target.UpstreamAnswered, now), true);
    }

    private List<BodyFilter>? _filters;
    private ByteCounter? _counter;

    /// <summary>Bytes of response body sent to the client: counted once a log plugin asked for it, else the declared length.</summary>
    public long ResponseBytes => _counter?.Count ?? Http.Response.ContentLength ?? 0;

    /// <summary>Counts the response body's bytes for the log phase; cheap, and only for routes that log.</summary>
    public void CountResponseBytes()
    {
        if (_counter is null) Filter(inner => _counter = new ByteCounter(inner));
    }

    /// <summary>Puts a filter in front of the response body (Kong's body_filter); later filters see what earlier ones let through.</summary>
    public void Filter(Func<Stream, BodyFilter> create)
    {
        var filter = create(Http.Response.Body);
        Http.Response.Body = filter;
        (_filters ??= []).Add(filter);
    }

    /// <summary>Ends every body filter after the upstream body was copied, outermost first.</summary>
    public async ValueTask CompleteBody()
    {
        if (_filters is null) return;
        for (var i = _filters.Count - 1; i >= 0; i--) await _filters[i].Complete(Http.RequestAborted);
        Http.Response.Body = _filters[0].Inner;
        _filters = null;
    }

    /// <summary>Drops the body filters when forwarding failed, so the gateway's error reaches the client unfiltered.</summary>
    public void AbandonBody()
    {
        if (_filters is null) return;
        Http.Response.Body = _filters[0].Inner;
        _filters = null;
    }

    /// <summary>Runs the access phase in priority order; false when a plugin answered the request itself.</summary>
    public async ValueTask<bool> Access()
    {
        foreach (var entry in Chain.Entries)
        {
            // The config is chosen per plugin, after earlier (auth) plugins may have identified the consumer.
            if (entry.ConfigFor(Consumer) is { } config && !await entry.Plugin.Access(this, config))
            {
                AnsweredBy = entry.Plugin;
                return false;
            }
        }
        return true;
    }

    public void HeaderFilter()
    {
        foreach (var entry in Chain.Entries)
        {
            if (entry.ConfigFor(Consumer) is { } config) entry.Plugin.HeaderFilter(this, config);
        }
    }

    public void Log()
    {
        foreach (var entry in Chain.Entries)
        {
            if (entry.ConfigFor(Consumer) is { } config) entry.Plugin.Log(this, config);
        }
    }

    /// <summary>Answers the request with Kong's JSON message; the request does not go upstream.</summary>
    public Task Respond(int status, string message) =>
        Respond(status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes($$"""{"message":"{{message.Replace("\"", "\\\"")}}"}"""));

    /// <summary>
    /// Answers the request from the gateway. As Kong does for every response, the route's plugins see it in their
    /// header filter (CORS headers, transformations, log byte counts) before it is sent.
    /// </summary>
    public async Task Respond(int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        var response = Http.Response;
        response.StatusCode = status;
        if (contentType is not null) response.ContentType = contentType;
        response.ContentLength = body.Length;
        HeaderFilter();
        await response.Body.WriteAsync(body, Http.RequestAborted);
        await CompleteBody();
    }
}
