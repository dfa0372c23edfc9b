using Microsoft.Playwright;

namespace Tollgate.Portal;

/// <summary>
/// The portal as its own processes (Roles=portal) against a cluster on PostgreSQL: each is an Orleans client of the
/// silo, and all share one data-protection key ring, so a sign-in on one portal is valid on the other.
/// </summary>
public class StandalonePortalTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task Two_portal_processes_serve_one_cluster_and_a_sign_in_on_one_is_valid_on_the_other()
    {
        await using var upstream = await TestUpstream.Start("standalone");
        var cluster = await NodeSettings.Postgres();
        await using var silo = await TollgateNode.Start(cluster with { Extra = new Dictionary<string, string?> { ["Roles"] = "silo,admin,proxy" } });
        var portal = cluster.SecondSilo() with { Extra = new Dictionary<string, string?> { ["Roles"] = "portal" } };
        await using var first = await NodeProcess.StartServer(portal);
        var secondSettings = portal.SecondSilo();
        await using var second = await NodeProcess.StartServer(secondSettings);

        // The portal processes open no Admin API and no proxy: they are not silos.
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync($"http://127.0.0.1:{portal.AdminPort}/status"));

        var slug = AdminHttp.NewSlug("split");
        var page = await browser.NewVisitor();
        await page.GotoAsync($"http://127.0.0.1:{portal.PortalPort}/signup");
        await page.FillAsync("#organisation", "Split Inc");
        await page.FillAsync("#slug", slug);
        await page.FillAsync("#email", $"owner@{slug}.example");
        await page.FillAsync("#password", "Correct-Horse-9");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"**/console/{slug}**");

        // The silo knows the tenant the first portal created.
        var tenant = await silo.Operator().GetAsync($"/tenants/{slug}");
        Assert.Equal(System.Net.HttpStatusCode.OK, tenant.StatusCode);

        // The cookie the first portal wrote is read by the second (cookies are per host, not per port).
        await page.GotoAsync($"http://127.0.0.1:{secondSettings.PortalPort}/console/{slug}");
        await Browser.Interactive(page);
        await Assertions.Expect(page.GetByTestId("role")).ToHaveTextAsync("owner");
        await page.GetByLabel("Name").FillAsync("orders");
        await page.GetByLabel("Upstream URL").FillAsync($"http://{upstream.Address}");
        await page.GetByLabel("Path").FillAsync("/orders");
        await page.ClickAsync("#api-add");
        await Assertions.Expect(page.GetByTestId("services")).ToContainTextAsync("orders");

        // The shared keys are stored sealed: the database alone does not give what signs the cookies.
        await using (var connection = await Tollgate.Storage.Database.Postgres(cluster.PostgresConnection!).OpenAsync())
        {
            var stored = (string)(await Tollgate.Storage.DbCommands.Command(connection, "SELECT string_agg(xml, '') FROM data_protection_keys").ExecuteScalarAsync())!;
            Assert.Contains("<sealed", stored);
            Assert.DoesNotContain("masterKey", stored);
        }

        // What the second portal changed through the cluster is served by the silo's gateway.
        await Eventually.Holds(async () => (await silo.Proxy($"{slug}.localhost", "/orders")).Code == 200, TimeSpan.FromSeconds(30), "the route served");
    }
}
