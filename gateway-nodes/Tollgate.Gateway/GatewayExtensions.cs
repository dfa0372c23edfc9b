using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Forwarding;
using Tollgate.Gateway.Sync;
using Tollgate.Gateway.Tenancy;

namespace Tollgate.Gateway;

/// <summary>Registers the gateway and puts it on the proxy port.</summary>
public static class GatewayExtensions
{
    public static IServiceCollection AddGateway(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options);
        services.AddHttpForwarder();
        var tenants = new TenantTable(options.GatewayDomain);
        Plugins.Prometheus.KongMetrics.Watch(tenants);
        services.AddSingleton(tenants);
        services.AddSingleton<DiskCache>();
        services.AddSingleton(new UpstreamInvokers());
        services.AddSingleton<Credentials.CredentialResolver>();
        services.AddSingleton<Net.ClientAddress>();
        services.AddSingleton<Tls.CertificateSelector>();
        services.AddSingleton<ProxyHandler>();
        services.AddSingleton<ConfigSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigSync>());
        services.AddHostedService<ActiveHealthChecker>();
        services.AddHostedService<HealthReporter>();
        services.AddSingleton<Plugins.ProxyCache.CacheStore>();
        services.AddSingleton<Plugins.OpenIdConnect.IssuerKeys>();
        services.AddSingleton<Plugins.FileLog.FileLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Plugins.FileLog.FileLogWriter>());
        services.AddSingleton<Plugins.HttpLog.LogQueues>();
        services.AddHostedService(sp => sp.GetRequiredService<Plugins.HttpLog.LogQueues>());
        services.AddSingleton<Plugins.RateLimiting.RateLimitSync>();
        services.AddHostedService(sp => sp.GetRequiredService<Plugins.RateLimiting.RateLimitSync>());
        if (options.Analytics.Enabled)
        {
            services.AddSingleton(options.Analytics);
            services.AddSingleton(new Analytics.UsageMeter(TimeProvider.System));
            services.AddSingleton<Analytics.UsageFlusher>();
            services.AddHostedService(sp => sp.GetRequiredService<Analytics.UsageFlusher>());
        }
        return services;
    }

    /// <summary>
    /// The proxy's listeners, as Kong's: HTTP/1.1 (8000), HTTPS with HTTP/2 and per-tenant certificates chosen by
    /// SNI (8443), and cleartext HTTP/2 for gRPC (9080).
    /// </summary>
    public static void ListenForProxy(this KestrelServerOptions kestrel, int http, int https, int http2)
    {
        kestrel.ListenAnyIP(http);
        kestrel.ListenAnyIP(https, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            var selector = kestrel.ApplicationServices.GetRequiredService<Tls.CertificateSelector>();
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, name) => selector.Select(name) });
        });
        kestrel.ListenAnyIP(http2, listen => listen.Protocols = HttpProtocols.Http2);
    }

    /// <summary>Sends every request that arrives on a proxy port to the gateway, ahead of endpoint routing.</summary>
    public static IApplicationBuilder UseGateway(this IApplicationBuilder app, params int[] proxyPorts)
    {
        var handler = app.ApplicationServices.GetRequiredService<ProxyHandler>();
        return app.MapWhen(context => proxyPorts.Contains(context.Connection.LocalPort), proxy => proxy.Run(handler.Handle));
    }
}
