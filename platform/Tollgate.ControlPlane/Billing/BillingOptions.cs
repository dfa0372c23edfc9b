namespace Tollgate.Billing;

/// <summary>The "Billing" settings: Stripe when a secret key is set, otherwise the built-in ledger; grace and metering timings.</summary>
public sealed class BillingOptions
{
    public StripeOptions Stripe { get; set; } = new();
    /// <summary>How long a tenant with a failed payment keeps its traffic before it is suspended.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);
    /// <summary>How long after an hour ends its usage is taken as complete (nodes flush every 2 s; a spool replays on restart).</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How far back a closed hour is compared again with analytics, to report requests that arrived late.</summary>
    public TimeSpan CorrectionWindow { get; set; } = TimeSpan.FromHours(48);
    /// <summary>How often the billing clock settles every account.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMinutes(1);
    public string Currency { get; set; } = "usd";

    public bool UsesStripe => !string.IsNullOrEmpty(Stripe.SecretKey);

    /// <summary>Meter events older than Stripe accepts (35 days) could not be sent; the window stays inside it.</summary>
    public static readonly TimeSpan StripeEventAge = TimeSpan.FromDays(34);

    public sealed class StripeOptions
    {
        public string? SecretKey { get; set; }
        /// <summary>The signing secret of the webhook endpoint (whsec_…).</summary>
        public string? WebhookSecret { get; set; }
        /// <summary>How old a webhook's signed timestamp may be; older deliveries are refused as replays.</summary>
        public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>The Billing Meter's event name (a meter with formula "sum").</summary>
        public string MeterEventName { get; set; } = "api_requests";
        /// <summary>Stripe's API address; set only to point at a stand-in.</summary>
        public string? ApiBase { get; set; }
        public string? MeterEventsBase { get; set; }
        /// <summary>Attempts per Stripe call on 429, 5xx and network errors, with exponential backoff.</summary>
        public int MaxAttempts { get; set; } = 4;
        public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    }
}
