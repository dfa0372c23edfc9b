using Serilog;
using Serilog.Formatting.Compact;
using Tollgate.Gateway.Sync;
using Tollgate.Gateway.Telemetry;
using Tollgate.Storage;

namespace Tollgate.Gateway.Node;

/// <summary>
/// Builds a standalone gateway node: an Orleans client of the silo cluster (found through PostgreSQL membership)
/// running the gateway on the proxy port, with health on the status port.
/// </summary>
public static class GatewayNode
{
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("TOLLGATE_");
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var options = builder.Configuration.Get<NodeOptions>() ?? new NodeOptions();
        var connection = options.Postgres.ConnectionString
            ?? throw new InvalidOperationException("Postgres:ConnectionString must be set: the node finds the silos through PostgreSQL membership.");

        builder.Services.AddSerilog((_, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
            if (builder.Environment.IsDevelopment()) logger.WriteTo.Console();
            else logger.WriteTo.Console(new RenderedCompactJsonFormatter());
        });
        // The proxy and the cached config serve while the cluster connection is still being retried.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client => client.UseTollgateCluster(Database.Postgres(connection), options.Cluster.ClusterId, options.Cluster.ServiceId));

        var gateway = builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        gateway.GatewayDomain = options.GatewayDomain;
        gateway.PlaceIn(options.DataDir);
        builder.Services.AddSingleton(Billing.PlanCatalog.From(builder.Configuration));
        builder.Services.AddGateway(gateway);
        builder.Services.AddTollgateMetrics();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.ListenForProxy(options.Ports.Proxy, options.Ports.ProxyHttps, options.Ports.ProxyHttp2);
            kestrel.ListenAnyIP(options.Ports.Status);
        });

        var app = builder.Build();
        app.UseGateway(options.Ports.Proxy, options.Ports.ProxyHttps, options.Ports.ProxyHttp2);
        app.UseRouting();
        var status = app.MapGroup("/status").RequireHost($"*:{options.Ports.Status}");
        status.MapGet("/live", () => Results.Json(new { status = "live" }));
        status.MapGet("/ready", (ConfigSync sync) => sync.IsReady
            ? Results.Json(new { status = "ready" })
            : Results.Json(new { status = "waiting for config" }, statusCode: 503));
        app.MapTollgateMetrics(options.Ports.Status);
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "Gateway node: proxy http://{{tenant}}.{GatewayDomain}:{ProxyPort}, status http://localhost:{StatusPort}/status/ready",
            options.GatewayDomain, options.Ports.Proxy, options.Ports.Status));
        return app;
    }
}
