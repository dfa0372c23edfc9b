using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tollgate.Billing;

/// <summary>Drives the billing clock from each silo: every tick it asks the cluster's one clock grain to settle the accounts.</summary>
public sealed class BillingTicker(IGrainFactory grains, BillingOptions options, TimeProvider clock, ILogger<BillingTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.TickInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetGrain<IBillingClockGrain>(0).Run(clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("The billing clock did not finish its tick ({Error}); the next tick goes on", e.Message);
            }
        }
    }
}
