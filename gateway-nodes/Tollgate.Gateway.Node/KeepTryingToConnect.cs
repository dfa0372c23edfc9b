using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Node;

/// <summary>The node never gives up on the cluster: it serves its cached config and keeps trying to connect.</summary>
public sealed class KeepTryingToConnect(ILogger<KeepTryingToConnect> logger) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        logger.LogWarning("No silo reachable yet ({Error}); retrying", exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
