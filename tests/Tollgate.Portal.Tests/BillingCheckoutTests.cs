using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tollgate.Tenants;

namespace Tollgate.Portal;

/// <summary>
/// An owner moves from the free plan to a paid one through Stripe Checkout, in a real browser, against the all-in-one
/// server billing through the Stripe stand-in (its hosted page and its signed webhook, as Stripe serves them).
/// </summary>
public class BillingCheckoutTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string ProBase = "price_pro_base";
    private const string ProRequests = "price_pro_requests";
    private StripeStandIn _stripe = default!;
    private TollgateNode _node = default!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStandIn.Start();
        _node = await TollgateNode.Start(NodeSettings.Sqlite() with
        {
            Extra = new Dictionary<string, string?>
            {
                ["Billing:Stripe:SecretKey"] = StripeStandIn.SecretKey,
                ["Billing:Stripe:WebhookSecret"] = StripeStandIn.WebhookSecret,
                ["Billing:Stripe:ApiBase"] = _stripe.Url,
                ["Billing:Stripe:MeterEventsBase"] = _stripe.Url,
                ["Plans:pro:StripePriceId"] = ProRequests,
                ["Plans:pro:StripeBasePriceId"] = ProBase,
            },
        });
        // Stripe tells the platform about the payment too; whichever arrives first moves the plan.
        _stripe.WebhookUrl = new Uri(_node.Admin.BaseAddress!, "/billing/stripe/webhook").ToString();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task An_owner_pays_on_stripe_checkout_and_returns_to_the_console_on_the_paid_plan()
    {
        var slug = AdminHttp.NewSlug("pay");
        var page = await ConsoleVisitor.SignUp(browser, _node, slug, $"owner@{slug}.example");
        var customer = _stripe.Customers.Values.Single(c => c["metadata"]!["tollgate_tenant"]?.GetValue<string>() == slug)["id"]!.GetValue<string>();
        await ConsoleVisitor.Open(page, _node, slug, "billing");
        await Assertions.Expect(page.GetByTestId("billing-plan")).ToHaveTextAsync("free");

        // Leaving the checkout page by "Back" changes nothing.
        await ChoosePro(page);
        await page.WaitForURLAsync($"{_stripe.Url}/pay/**");
        await page.ClickAsync("#back");
        await page.WaitForURLAsync($"**/console/{slug}/billing?checkout=cancelled");
        await Assertions.Expect(page.GetByText("Checkout was cancelled")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("billing-plan")).ToHaveTextAsync("free");

        await Browser.Interactive(page);
        await ChoosePro(page);
        await page.WaitForURLAsync($"{_stripe.Url}/pay/**");
        await Assertions.Expect(page.Locator("#prices")).ToContainTextAsync(ProRequests);
        await Browser.Screenshot(page, "stripe-checkout");
        await page.ClickAsync("#pay");
        await page.WaitForURLAsync(new Regex($"/console/{slug}/billing\\?checkout=cs_test_"));
        await Assertions.Expect(page.GetByTestId("billing-plan")).ToHaveTextAsync("pro");
        await Assertions.Expect(page.GetByText("You are on the pro plan")).ToBeVisibleAsync();
        await Browser.Screenshot(page, "console-billing-after-checkout");

        // One live subscription on the plan's prices, owned by the account; the gateways enforce the new plan.
        var subscription = Assert.Single(_stripe.Subscriptions.Values, s => s["customer"]!.GetValue<string>() == customer);
        Assert.Equal("active", subscription["status"]!.GetValue<string>());
        var owner = _node.Operator();
        Assert.Equal("pro", (await owner.Get($"/tenants/{slug}")).Json["plan"]!.GetValue<string>());
        Assert.Equal(subscription["id"]!.GetValue<string>(), (await owner.Get($"/{slug}/billing")).Json["stripe_subscription"]!.GetValue<string>());
        var audit = await _node.Services.GetRequiredService<AuditLog>().Page(slug, 0, 50);
        Assert.Contains(audit, entry => entry.Action == "opened checkout" && entry.EntityName == "pro");

        // Paying now, the owner changes plan in place: no second checkout.
        await Browser.Interactive(page);
        await page.GetByTestId("plan-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(new Regex("^free:")).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-apply")).ToHaveTextAsync("Change plan");
    }

    private static async Task ChoosePro(IPage page)
    {
        await page.GetByTestId("plan-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(new Regex("^pro:")).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-apply")).ToHaveTextAsync("Continue to checkout");
        await page.GetByTestId("plan-apply").ClickAsync();
    }
}
