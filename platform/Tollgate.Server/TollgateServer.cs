using System.Net;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Serilog;
using Serilog.Formatting.Compact;
using Tollgate.AdminApi;
using Tollgate.Billing;
using Tollgate.Gateway;
using Tollgate.Gateway.Telemetry;
using Tollgate.Portal;
using Tollgate.Storage;
using Tollgate.Tenants;

namespace Tollgate.Server;

/// <summary>Builds the all-in-one node: an Orleans silo with its storage, the Admin API and the status port.</summary>
public static class TollgateServer
{
    /// <param name="args">Command-line settings, e.g. --Ports:Admin=9001.</param>
    /// <param name="overrides">Settings applied last (tests use them to pick ports and folders).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // The same name whoever hosts the server (its own exe, a test host), so its static-asset manifests are found.
            ApplicationName = typeof(TollgateServer).Assembly.GetName().Name,
        });
        // Unpublished builds (dotnet run, tests) serve the portal's and MudBlazor's files from where the build left them.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json")))
        {
            builder.WebHost.UseStaticWebAssets();
        }
        builder.Configuration.AddEnvironmentVariables("TOLLGATE_");
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        var options = builder.Configuration.Get<TollgateOptions>() ?? new TollgateOptions();
        builder.Services.AddSingleton(options);

        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
            if (builder.Environment.IsDevelopment())
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
            else
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
        });

        var database = options.Storage == StorageKind.Postgres
            ? Database.Postgres(options.Postgres.ConnectionString
                ?? throw new InvalidOperationException("Postgres:ConnectionString must be set when Storage=Postgres (TOLLGATE_POSTGRES__CONNECTIONSTRING)."))
            : Database.Sqlite(options.DataDir);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<Tollgate.Analytics.UsageStore>();
        builder.Services.AddSingleton(Tollgate.Billing.PlanCatalog.From(builder.Configuration));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddBilling(builder.Configuration);
        builder.Services.AddSingleton(new Tollgate.Tenants.PlatformSettings(
            options.GatewayDomain,
            options.Domains.RequireVerification,
            options.Domains.DnsServer is { } dns ? IPEndPoint.Parse(dns.Contains(':') ? dns : dns + ":53") : null));

        var (token, tokenFile) = BootstrapTokenSource.Resolve(options);
        builder.Services.AddAdminApi(token);
        builder.Services.AddTollgateMetrics();

        if (options.HostsSilo)
        {
            builder.UseOrleans(silo => ConfigureSilo(silo, options, database));
        }
        else if (database.Kind == StorageKind.Postgres)
        {
            builder.UseOrleansClient(client => client.UseTollgateCluster(database, options.Cluster.ClusterId, options.Cluster.ServiceId));
        }
        else
        {
            throw new InvalidOperationException(
                $"Roles={options.Roles} runs no silo, so it joins a cluster: set Storage=Postgres and the cluster's Postgres:ConnectionString.");
        }

        if (options.Runs("proxy"))
        {
            var gateway = builder.Configuration.GetSection("Gateway").Get<Tollgate.Gateway.GatewayOptions>() ?? new Tollgate.Gateway.GatewayOptions();
            gateway.GatewayDomain = options.GatewayDomain;
            gateway.PlaceIn(options.DataDir);
            // The platform's own token issuer is trusted by its gateway even on a private address.
            if (options.Runs("portal")) gateway.TrustedIssuers = [.. gateway.TrustedIssuers, PortalIssuer(builder.Configuration, options).ToString()];
            builder.Services.AddGateway(gateway);
        }

        if (options.Runs("portal"))
        {
            var email = builder.Configuration.GetSection("Email").Get<Tollgate.Portal.Mail.EmailOptions>() ?? new Tollgate.Portal.Mail.EmailOptions();
            email.OutboxDir ??= Path.Combine(options.DataDir, "outbox");
            // A portal process without a proxy of its own sends "try it" calls to the gateway pool's address (Portal:GatewayUrl).
            var tryIt = builder.Configuration["Portal:GatewayUrl"] is { } gatewayUrl ? new Uri(gatewayUrl) : new Uri($"http://127.0.0.1:{options.Ports.Proxy}");
            builder.Services.AddPortal(new Tollgate.Portal.PortalSettings(options.GatewayDomain, options.Ports.Proxy, tryIt, PortalIssuer(builder.Configuration, options)), email);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Proxied bodies are not limited (as in Kong); the Admin API limits its own.
            kestrel.Limits.MaxRequestBodySize = null;
            if (options.Runs("proxy"))
            {
                kestrel.ListenForProxy(options.Ports.Proxy, options.Ports.ProxyHttps, options.Ports.ProxyHttp2);
            }
            if (options.Runs("admin")) kestrel.ListenAnyIP(options.Ports.Admin);
            if (options.Runs("portal")) kestrel.ListenAnyIP(options.Ports.Portal);
            kestrel.ListenAnyIP(options.Ports.Status);
        });

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.Server");
        await Migrations.ApplyAsync(database, log);

        if (options.Runs("proxy"))
        {
            app.UseGateway(options.Ports.Proxy, options.Ports.ProxyHttps, options.Ports.ProxyHttp2);
        }
        if (options.Runs("portal")) app.UseTenantPortalHosts(options.Ports.Portal, options.GatewayDomain);
        app.UseRouting();
        app.MapStatus(options.Ports.Status);
        if (options.Runs("admin"))
        {
            app.MapAdminApi(options.Ports.Admin);
        }
        if (options.Runs("portal"))
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseAntiforgery();
            app.MapPortal(options.Ports.Portal);
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            log.LogInformation("Tollgate is up on {Storage} storage (data in {DataDir})", database.Kind, Path.GetFullPath(options.DataDir));
            if (options.Runs("admin"))
                log.LogInformation("Admin API: http://localhost:{AdminPort}  (reference: http://localhost:{AdminPort}/docs)", options.Ports.Admin, options.Ports.Admin);
            if (options.Runs("portal"))
                log.LogInformation("Console and developer portal: http://localhost:{PortalPort}", options.Ports.Portal);
            if (options.Runs("proxy"))
                log.LogInformation("Proxy: http://{{tenant}}.{GatewayDomain}:{ProxyPort}", options.GatewayDomain, options.Ports.Proxy);
            log.LogInformation("Status: http://localhost:{StatusPort}/status/ready", options.Ports.Status);
            if (tokenFile is not null)
                log.LogInformation("Bootstrap token: cat {TokenFile}  (send it as Kong-Admin-Token)", tokenFile);
        });
        return app;
    }

    /// <summary>The portal's public address (Portal:PublicUrl), the issuer of the platform's access tokens.</summary>
    private static Uri PortalIssuer(IConfiguration configuration, TollgateOptions options) =>
        new(configuration["Portal:PublicUrl"] ?? $"http://localhost:{options.Ports.Portal}/");

    /// <summary>
    /// The address other silos and clients reach this silo at: an IP (a pod's, from the downward API), or a host name
    /// resolved once at start (a compose service's name), or loopback when unset.
    /// </summary>
    private static IPAddress Advertised(string? address) =>
        address is null ? IPAddress.Loopback
        : IPAddress.TryParse(address, out var ip) ? ip
        : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"Cluster:AdvertisedAddress '{address}' resolves to no IPv4 address.");

    private static void ConfigureSilo(ISiloBuilder silo, TollgateOptions options, Database database)
    {
        var cluster = options.Cluster;
        if (options.Storage == StorageKind.Sqlite)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = Advertised(cluster.AdvertisedAddress);
                o.SiloPort = cluster.SiloPort;
                o.GatewayPort = cluster.GatewayPort;
            });
            silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
            // A joining silo waits for every Active entry to answer or go stale (twice this). After kill -9 of the
            // whole control plane that wait is what delays its return: 10 s instead of Orleans' 60 s.
            silo.Configure<ClusterMembershipOptions>(o => o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5));
        }
        silo.Services.AddGrainStorage(StorageNames.Default,
            (services, _) => new SqlGrainStorage(database, services.GetRequiredService<Serializer>(), TimeProvider.System));
    }
}
