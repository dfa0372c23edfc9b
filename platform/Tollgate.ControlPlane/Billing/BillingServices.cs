using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Billing;

/// <summary>Registers billing: the ledger always, Stripe when a secret key is configured, and the clock that settles accounts.</summary>
public static class BillingServices
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Billing").Get<BillingOptions>() ?? new BillingOptions();
        if (options.CorrectionWindow > BillingOptions.StripeEventAge)
        {
            throw new InvalidOperationException($"Billing:CorrectionWindow must be at most {BillingOptions.StripeEventAge.TotalDays} days: Stripe refuses older meter events.");
        }
        services.AddSingleton(options).AddSingleton<BillingStore>().AddHostedService<BillingTicker>();
        if (options.UsesStripe)
        {
            services.AddHttpClient("stripe");
            services.AddSingleton<StripeBilling>();
        }
        return services;
    }
}
