using Microsoft.Playwright;

namespace Tollgate.Portal;

/// <summary>
/// Debian's Chromium driven by Playwright, headless (browsers cannot be downloaded here), shared by a test class.
/// Each test opens its own contexts, so cookies never leak between people.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        // The whole test suite (drills under load included) shares two cores: waits are generous, outcomes strict.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless"],
        });
    }

    /// <summary>A new person at the portal: their own cookies, a laptop-sized window.</summary>
    public async Task<IPage> NewVisitor(int width = 1280)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        // The drills load both cores while these run in CI: a sign-up once took over a minute to navigate there.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot of the page as a test artifact (TestResults/screenshots).</summary>
    public static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>Appends a measured duration to TestResults/timings.txt, beside the screenshots.</summary>
    public static void Record(string name, TimeSpan took)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "timings.txt"), $"{DateTimeOffset.UtcNow:u} {name} {took.TotalMilliseconds:0} ms\n");
    }

    /// <summary>
    /// For a wait on a URL followed by <see cref="Interactive"/>: the navigation has committed, without waiting for the
    /// load event, which under CI load was once not seen for two minutes on a page that had loaded.
    /// </summary>
    public static readonly PageWaitForURLOptions Arrived = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Waits until the page's interactive circuit is up, so clicks reach the server.</summary>
    public static Task Interactive(IPage page) =>
        page.Locator("#tg-interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        _playwright?.Dispose();
    }
}
