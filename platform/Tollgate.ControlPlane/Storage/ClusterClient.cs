using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Tollgate.Storage;

/// <summary>How a process that is not a silo (a gateway node, a portal) joins the cluster as an Orleans client.</summary>
public static class ClusterClient
{
    /// <summary>Finds the silos through the PostgreSQL membership table and never gives up on them.</summary>
    public static IClientBuilder UseTollgateCluster(this IClientBuilder client, Database database, string clusterId, string serviceId)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
        client.Services.AddSingleton(database);
        client.Services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        client.UseConnectionRetryFilter<KeepTryingToConnect>();
        // Silos that come back after an outage are new gateways; the client looks for them every few seconds, not every minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        return client;
    }

    /// <summary>The client serves what it can (a node its cached config) and keeps trying to connect.</summary>
    private sealed class KeepTryingToConnect(ILogger<KeepTryingToConnect> logger) : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            logger.LogWarning("No silo reachable yet ({Error}); retrying", exception.Message);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        }
    }
}
