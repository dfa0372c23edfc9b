using Microsoft.Playwright;

namespace Tollgate.Portal;

/// <summary>What console tests do as a person: sign up an organisation, add an API through the first-step form.</summary>
public static class ConsoleVisitor
{
    public const string Password = "Correct-Horse-9";

    /// <summary>Signs up a new organisation in a new browser context and waits for its console to be interactive.</summary>
    public static async Task<IPage> SignUp(Browser browser, TollgateNode node, string slug, string email)
    {
        var page = await browser.NewVisitor();
        await page.GotoAsync($"{node.PortalUrl}/signup");
        await page.FillAsync("#organisation", $"Organisation {slug}");
        await page.FillAsync("#slug", slug);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"**/console/{slug}**", Browser.Arrived);
        await Browser.Interactive(page);
        return page;
    }

    /// <summary>Fills the console's "add an API" form (service and route) and submits it.</summary>
    public static async Task AddApi(IPage page, string name, string url, string? path = null)
    {
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Upstream URL").FillAsync(url);
        if (path is not null) await page.GetByLabel("Path").FillAsync(path);
        await page.ClickAsync("#api-add");
    }

    /// <summary>Opens a console page of the tenant and waits for its circuit.</summary>
    public static async Task Open(IPage page, TollgateNode node, string tenant, string path)
    {
        await page.GotoAsync($"{node.PortalUrl}/console/{tenant}/{path}");
        await Browser.Interactive(page);
    }

    /// <summary>Signs up an organisation whose first API, "orders" on /orders, goes to the upstream.</summary>
    public static async Task<IPage> SignUpWithOrdersApi(Browser browser, TollgateNode node, string slug, string upstreamAddress)
    {
        var page = await SignUp(browser, node, slug, $"owner@{slug}.example");
        await AddApi(page, "orders", $"http://{upstreamAddress}", "/orders");
        await Assertions.Expect(page.GetByTestId("call-it")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Signs a developer up in the tenant's portal on this page and waits on their applications page.</summary>
    public static async Task DeveloperSignUp(IPage page, TollgateNode node, string slug)
    {
        await page.GotoAsync($"{node.PortalUrl}/portal/{slug}/signup");
        await page.FillAsync("#email", $"dev@{slug}.example");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"**/portal/{slug}/apps", Browser.Arrived);
        await Browser.Interactive(page);
    }
}
