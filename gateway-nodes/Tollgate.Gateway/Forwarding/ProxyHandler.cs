using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Tollgate.Analytics;
using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Plugins;
using Tollgate.Gateway.Tenancy;
using Yarp.ReverseProxy.Forwarder;

namespace Tollgate.Gateway.Forwarding;

/// <summary>
/// The proxy port's request handler: Host → tenant → route → target → YARP forward. Everything it reads is the
/// tenant's prebuilt immutable runtime; nothing here waits on a grain, the database or a lock shared by tenants.
/// </summary>
public sealed class ProxyHandler(TenantTable tenants, IHttpForwarder forwarder, UpstreamInvokers invokers, Billing.PlanCatalog plans, UsageMeter? usage = null)
{
    public async Task Handle(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        var host = request.Host.Host.ToLowerInvariant();
        var slot = tenants.Find(host);
        if (slot is null)
        {
            Telemetry.GatewayMetrics.Answered(404);
            await GatewayErrors.Write(context, 404, GatewayErrors.NoRoute);
            return;
        }
        var runtime = slot.Runtime;
        var plan = plans[runtime.Tenant.Plan];
        var month = Billing.QuotaMonth.Now;
        var hold = slot.Hold;
        var overQuota = hold.QuotaMonth == month || plan.HardCap && usage is not null && usage.MonthToDate(slot.Slug, month) >= plan.IncludedRequests;
        var refusal = hold.Suspended ? (UsageSource.Quota, 402, GatewayErrors.AccountSuspended)
            : overQuota ? (UsageSource.Quota, 429, GatewayErrors.QuotaExceeded)
            : !slot.TryAdmitRate(plan.RequestsPerSecond) ? (UsageSource.RateLimit, 429, GatewayErrors.PlanRateExceeded)
            : !slot.TryEnter(plan.Concurrency) ? (UsageSource.RateLimit, 429, GatewayErrors.TooManyConcurrent)
            : default((UsageSource, int, byte[])?);
        if (refusal is var (source, status, message))
        {
            Telemetry.GatewayMetrics.Answered(status);
            await GatewayErrors.Write(context, status, message);
            Measure(context, slot, started, source);
            return;
        }
        try
        {
            await Proxy(context, slot, runtime, host);
        }
        finally
        {
            slot.Exit();
            Telemetry.GatewayMetrics.Answered(context.Response.StatusCode);
            Measure(context, slot, started);
        }
    }

    /// <summary>Counts the request in the node's per-minute analytics: a few interlocked adds, no allocation.</summary>
    private void Measure(HttpContext context, TenantSlot slot, long started, UsageSource? refused = null)
    {
        if (usage is null) return;
        var target = context.Features.Get<ProxyTarget>();
        var plugins = context.Features.Get<PluginContext>();
        var route = target?.Match.Route ?? plugins?.Match.Route;
        var status = context.Response.StatusCode;
        var upstream = target?.UpstreamMilliseconds;
        var source = refused ?? (plugins?.AnsweredBy is { } plugin ? plugin.Answers
            : upstream is not null ? UsageSource.Upstream
            : UsageSource.Error);
        usage.Record(slot.Slug, route?.Service?.Id ?? Guid.Empty, route?.Id ?? Guid.Empty, plugins?.Consumer?.Id ?? Guid.Empty, status, source,
            context.Request.ContentLength ?? 0, target?.BodyCounter?.Count ?? plugins?.ResponseBytes ?? context.Response.ContentLength ?? 0,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, upstream);
    }

    private async Task Proxy(HttpContext context, TenantSlot slot, TenantRuntime runtime, string host)
    {
        var request = context.Request;
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        var sni = request.IsHttps ? context.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>()?.HostName : null;
        var match = runtime.Router.Match(request.Method, host, port, path, request.Headers, sni?.ToLowerInvariant());
        if (match is null)
        {
            await GatewayErrors.Write(context, 404, GatewayErrors.NoRoute);
            return;
        }
        var route = match.Route;
        if (!route.Protocols.Contains(Protocol(request)))
        {
            await RedirectToHttps(context, route);
            return;
        }
        if (route.Service is not { } service)
        {
            await GatewayErrors.Write(context, 503, GatewayErrors.NoService);
            return;
        }
        var chain = runtime.ChainOf(route);
        PluginContext? plugins = null;
        if (!chain.IsEmpty)
        {
            plugins = new PluginContext(context, slot, runtime, match, chain, context.RequestServices);
            context.Features.Set(plugins);
            // Kong's log phase runs for every request, including those a plugin answered itself.
            context.Response.OnCompleted(static state =>
            {
                ((PluginContext)state).Log();
                return Task.CompletedTask;
            }, plugins);
            if (!await plugins.Access())
            {
                return;
            }
        }
        var upstreamPath = plugins?.UpstreamPath ?? match.UpstreamPath(path);
        var upstream = service.Upstream;
        var target = new ProxyTarget(match, upstreamPath, plugins?.UpstreamHost
            ?? (route.PreserveHost ? request.Host.Value! : upstream?.HostHeader ?? UpstreamTransformer.HostHeader(service.Host, service.Port, service.Scheme)));
        context.Features.Set(target);

        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = service.ReadTimeout,
            Version = service.Protocol is "grpc" or "grpcs" ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = service.Protocol is "grpc" or "grpcs" ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
        var invoker = invokers.For(service.ConnectTimeout);
        // A request with a body cannot be replayed, so only bodiless requests are retried on another target.
        var attempts = 1 + (HasBody(request) ? 0 : service.Retries);
        TargetState? previous = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var peer = upstream?.Pick(context, plugins?.Consumer?.Id.ToString(), exclude: previous);
            if (upstream is not null && peer is null)
            {
                await GatewayErrors.Write(context, 503, GatewayErrors.NoPeer);
                return;
            }
            var prefix = peer is null
                ? $"{service.Scheme}://{UpstreamTransformer.HostHeader(service.Host, service.Port, service.Scheme)}"
                : $"{service.Scheme}://{peer.Address}";
            peer?.Started();
            target.UpstreamSent = Stopwatch.GetTimestamp();
            ForwarderError error;
            try
            {
                error = await forwarder.SendAsync(context, prefix, invoker, config, UpstreamTransformer.Instance);
            }
            finally
            {
                peer?.Finished();
            }
            if (peer is not null) RecordPassive(upstream!, peer, error, context.Response.StatusCode);
            if (error == ForwarderError.None)
            {
                if (plugins is not null) await plugins.CompleteBody();
                return;
            }
            plugins?.AbandonBody();
            var retryable = error == ForwarderError.Request && !context.Response.HasStarted && attempt + 1 < attempts;
            if (!retryable)
            {
                await WriteError(context, error);
                return;
            }
            // YARP set 502 for the failed attempt; the response has not started, so it can be tried again.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Features.Set<IForwarderErrorFeature?>(null);
            previous = peer;
        }
    }

    private static void RecordPassive(UpstreamBalancer upstream, TargetState peer, ForwarderError error, int status)
    {
        var passive = upstream.Passive;
        switch (error)
        {
            case ForwarderError.None:
                peer.RecordStatus(status, passive);
                break;
            case ForwarderError.RequestTimedOut:
                peer.RecordTimeout(passive);
                break;
            case ForwarderError.Request or ForwarderError.ResponseHeaders:
                peer.RecordTcpFailure(passive);
                break;
        }
    }

    private static Task WriteError(HttpContext context, ForwarderError error) => error switch
    {
        ForwarderError.RequestTimedOut => GatewayErrors.Write(context, 504, GatewayErrors.Timeout),
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient => Task.CompletedTask,
        _ => GatewayErrors.Write(context, 502, GatewayErrors.BadGateway),
    };

    private static Task RedirectToHttps(HttpContext context, GatewayRoute route)
    {
        var status = route.HttpsRedirectStatusCode;
        if (status != 426)
        {
            var request = context.Request;
            context.Response.Headers.Location = $"https://{request.Host.Host}{request.PathBase}{request.Path}{request.QueryString}";
        }
        return GatewayErrors.Write(context, status, GatewayErrors.UseHttps);
    }

    /// <summary>The request's protocol as routes name it: gRPC is HTTP/2 with a gRPC content type.</summary>
    private static string Protocol(HttpRequest request)
    {
        var grpc = HttpProtocol.IsHttp2(request.Protocol)
            && request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        return (grpc, request.IsHttps) switch
        {
            (true, true) => "grpcs",
            (true, false) => "grpc",
            (false, true) => "https",
            _ => "http",
        };
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
