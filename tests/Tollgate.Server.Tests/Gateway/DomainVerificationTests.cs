using System.Net;

namespace Tollgate.Server.Gateway;

/// <summary>With verification on, a claimed domain serves only once its DNS TXT record proves the claim.</summary>
public class DomainVerificationTests
{
    [Fact]
    public async Task A_claimed_domain_serves_only_after_its_txt_record_is_verified()
    {
        using var dns = new TestDnsServer();
        await using var upstream = await TestUpstream.Start("verified");
        await using var node = await TollgateNode.Start(NodeSettings.Sqlite() with
        {
            Extra = new Dictionary<string, string?>
            {
                ["Domains:RequireVerification"] = "true",
                ["Domains:DnsServer"] = dns.EndPoint.ToString(),
            },
        });
        var slug = AdminHttp.NewSlug("dv");
        var admin = node.AdminAs(await node.CreateTenant(slug));
        var domain = $"api.{slug}.example.test";

        var claim = await admin.Post($"/{slug}/domains", $$"""{"name":"{{domain}}"}""");
        Assert.Equal(201, claim.Code);
        Assert.False(claim.Json["verified"]!.GetValue<bool>());
        var record = claim.Json["verification"]!;
        Assert.Equal($"_tollgate-challenge.{domain}", record["name"]!.GetValue<string>());
        Assert.Equal("TXT", record["type"]!.GetValue<string>());

        await admin.Post($"/{slug}/services", $$"""{"name":"s","url":"http://{{upstream.Address}}"}""");
        Assert.Equal(400, (await admin.Post($"/{slug}/services/s/routes", $$"""{"hosts":["{{domain}}"]}""")).Code);
        Assert.Equal(201, (await admin.Post($"/{slug}/services/s/routes", """{"paths":["/"]}""")).Code);
        await Eventually.Holds(async () => (await node.Proxy($"{slug}.localhost", "/")).Code == 200, TimeSpan.FromSeconds(5), "the tenant's own host serving");
        Assert.Equal(404, (await node.Proxy(domain, "/")).Code);

        var early = await admin.Post($"/{slug}/domains/{domain}/verify");
        Assert.Equal(400, early.Code);
        Assert.Contains("was not found", early.Json["message"]!.GetValue<string>());

        dns.PublishTxt(record["name"]!.GetValue<string>(), "unrelated", record["value"]!.GetValue<string>());
        var verified = await admin.Post($"/{slug}/domains/{domain}/verify");
        Assert.Equal(200, verified.Code);
        Assert.True(verified.Json["verified"]!.GetValue<bool>());
        Assert.Null(verified.Json["verification"]);

        await Eventually.Holds(async () => (await node.Proxy(domain, "/")).Code == 200, TimeSpan.FromSeconds(5), "the verified domain serving");
        Assert.Equal(201, (await admin.Post($"/{slug}/services/s/routes", $$"""{"hosts":["{{domain}}"],"paths":["/on-domain"]}""")).Code);

        // A file cannot mark a new claim verified.
        var imported = await admin.Post($"/{slug}/config", $$"""
            {"_format_version":"3.0","domains":[{"name":"{{domain}}"},{"name":"other.{{slug}}.example.test","verified":true}],
             "services":[{"name":"s","url":"http://{{upstream.Address}}","routes":[{"paths":["/"]}]}]}
            """);
        Assert.Equal(201, imported.Code);
        var other = await admin.Get($"/{slug}/domains/other.{slug}.example.test");
        Assert.False(other.Json["verified"]!.GetValue<bool>());
        Assert.True((await admin.Get($"/{slug}/domains/{domain}")).Json["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task With_verification_off_a_claim_serves_at_once()
    {
        await using var node = await TollgateNode.Start(NodeSettings.Sqlite());
        var slug = AdminHttp.NewSlug("dv");
        var admin = node.AdminAs(await node.CreateTenant(slug));
        var claim = await admin.Post($"/{slug}/domains", $$"""{"name":"api.{{slug}}.example.test"}""");
        Assert.True(claim.Json["verified"]!.GetValue<bool>());
        Assert.Null(claim.Json["verification"]);
        Assert.Equal(HttpStatusCode.OK, (await admin.Post($"/{slug}/domains/api.{slug}.example.test/verify")).Status);
    }
}
