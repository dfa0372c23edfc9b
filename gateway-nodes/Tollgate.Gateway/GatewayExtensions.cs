using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        services.AddSingleton(new TenantTable(options.GatewayDomain));
        services.AddSingleton<DiskCache>();
        services.AddSingleton(new UpstreamInvokers());
        services.AddSingleton<Credentials.KeyCredentials>();
        services.AddSingleton<ProxyHandler>();
        services.AddSingleton<ConfigSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigSync>());
        services.AddHostedService<ActiveHealthChecker>();
        return services;
    }

    /// <summary>Sends every request that arrives on a proxy port to the gateway, ahead of endpoint routing.</summary>
    public static IApplicationBuilder UseGateway(this IApplicationBuilder app, params int[] proxyPorts)
    {
        var handler = app.ApplicationServices.GetRequiredService<ProxyHandler>();
        return app.MapWhen(context => proxyPorts.Contains(context.Connection.LocalPort), proxy => proxy.Run(handler.Handle));
    }
}
