namespace Tollgate.Server.Billing;

/// <summary>A node billing through the Stripe stand-in, on SQLite or PostgreSQL. The tests drive the billing clock themselves.</summary>
public abstract class StripeNodeFixture : IAsyncLifetime
{
    public const string ProRequestsPrice = "price_pro_requests";
    public const string ProBasePrice = "price_pro_base";
    public const string EnterpriseRequestsPrice = "price_enterprise_requests";
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public TollgateNode Node { get; private set; } = null!;
    public StripeStandIn Stripe { get; private set; } = null!;

    protected abstract Task<NodeSettings> Settings();

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.Start();
        var settings = await Settings();
        Node = await TollgateNode.Start(settings with
        {
            Extra = new Dictionary<string, string?>
            {
                ["Billing:Stripe:SecretKey"] = StripeStandIn.SecretKey,
                ["Billing:Stripe:WebhookSecret"] = StripeStandIn.WebhookSecret,
                ["Billing:Stripe:ApiBase"] = Stripe.Url,
                ["Billing:Stripe:MeterEventsBase"] = Stripe.Url,
                ["Billing:Stripe:FirstRetryDelay"] = "00:00:00.050",
                ["Billing:TickInterval"] = "01:00:00",
                ["Billing:GracePeriod"] = Grace.ToString(),
                ["Plans:pro:StripePriceId"] = ProRequestsPrice,
                ["Plans:pro:StripeBasePriceId"] = ProBasePrice,
                ["Plans:enterprise:StripePriceId"] = EnterpriseRequestsPrice,
            },
        });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

public sealed class SqliteStripeNodeFixture : StripeNodeFixture
{
    protected override Task<NodeSettings> Settings() => Task.FromResult(NodeSettings.Sqlite());
}

public sealed class PostgresStripeNodeFixture : StripeNodeFixture
{
    protected override Task<NodeSettings> Settings() => NodeSettings.Postgres();
}
