using System.Security.Cryptography;
using System.Text;
using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Auth;

/// <summary>hmac-auth through the real gateway, signed as Kong's clients sign: the headers named, the request line, a body digest.</summary>
public class HmacAuthTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;
    private const string Secret = "alice-hmac-secret";

    private static string Now(TimeSpan offset = default) => (DateTimeOffset.UtcNow + offset).ToString("r");

    /// <summary>Kong's client recipe: "date: …\nrequest-line" signed with the secret, base64 in the hmac header.</summary>
    private static (string, string) Signed(string path, string date, string secret = Secret, string algorithm = "hmac-sha256", string method = "GET")
    {
        var signing = $"date: {date}\n{method} {path} HTTP/1.1";
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(signing);
        var mac = algorithm == "hmac-sha1" ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);
        return ("Authorization", $"hmac username=\"alice-hmac\", algorithm=\"{algorithm}\", headers=\"date request-line\", signature=\"{Convert.ToBase64String(mac)}\"");
    }

    [Fact]
    public async Task A_correct_signature_identifies_the_consumer_and_wrong_ones_get_kongs_messages()
    {
        await using var tenant = await Start(_node, """[{"name":"hmac-auth","config":{"hide_credentials":true,"realm":"api"}}]""");
        var date = Now();
        var ok = await tenant.Get("/api/orders?x=1", ("Date", date), Signed("/api/orders?x=1", date));
        Assert.Equal(200, ok.Code);
        Assert.Equal("alice", Received(ok, "X-Consumer-Username"));
        Assert.Null(Received(ok, "Authorization"));

        var missing = await tenant.Get("/api");
        Assert.Equal((401, "Unauthorized"), (missing.Code, missing.Json["message"]!.GetValue<string>()));
        Assert.Equal("hmac realm=\"api\"", missing.Response.Headers.WwwAuthenticate.ToString());

        var wrongSecret = await tenant.Get("/api", ("Date", date), Signed("/api", date, secret: "guess"));
        Assert.Equal((401, "HMAC signature does not match"), (wrongSecret.Code, wrongSecret.Json["message"]!.GetValue<string>()));
        var otherPath = await tenant.Get("/api/admin", ("Date", date), Signed("/api", date));
        Assert.Equal("HMAC signature does not match", otherPath.Json["message"]!.GetValue<string>());
        var notHmac = await tenant.Get("/api", ("Date", date), ("Authorization", "Bearer abc"));
        Assert.Equal("HMAC signature cannot be verified", notHmac.Json["message"]!.GetValue<string>());
        Assert.Equal(1, tenant.UpstreamHits);
    }

    [Fact]
    public async Task A_date_outside_the_clock_skew_is_refused()
    {
        await using var tenant = await Start(_node, """[{"name":"hmac-auth","config":{"clock_skew":60}}]""");
        var stale = Now(TimeSpan.FromMinutes(-5));
        var reply = await tenant.Get("/api", ("Date", stale), Signed("/api", stale));
        Assert.Equal(401, reply.Code);
        Assert.Equal("HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication", reply.Json["message"]!.GetValue<string>());
        var fresh = Now(TimeSpan.FromSeconds(-30));
        Assert.Equal(200, (await tenant.Get("/api", ("Date", fresh), Signed("/api", fresh))).Code);
    }

    [Fact]
    public async Task Algorithms_and_enforced_headers_limit_what_signatures_count()
    {
        await using var tenant = await Start(_node, """[{"name":"hmac-auth","config":{"algorithms":["hmac-sha256"],"enforce_headers":["date","request-line"]}}]""");
        var date = Now();
        var sha1 = await tenant.Get("/api", ("Date", date), Signed("/api", date, algorithm: "hmac-sha1"));
        Assert.Equal("HMAC signature cannot be verified", sha1.Json["message"]!.GetValue<string>());
        var dateOnly = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"date: {date}")));
        var partial = await tenant.Get("/api", ("Date", date),
            ("Authorization", $"hmac username=\"alice-hmac\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"{dateOnly}\""));
        Assert.Equal("HMAC signature cannot be verified", partial.Json["message"]!.GetValue<string>());
        Assert.Equal(200, (await tenant.Get("/api", ("Date", date), Signed("/api", date))).Code);
    }

    [Fact]
    public async Task A_body_digest_is_checked_when_asked()
    {
        await using var tenant = await Start(_node, """[{"name":"hmac-auth","config":{"validate_request_body":true}}]""");
        var date = Now();
        var body = """{"order":1}""";
        var digest = "SHA-256=" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var good = await tenant.Send(HttpMethod.Post, "/api", new StringContent(body, Encoding.UTF8, "application/json"),
            ("Date", date), ("Digest", digest), Signed("/api", date, method: "POST"));
        Assert.Equal(200, good.Code);
        Assert.Equal(body, good.Json["body"]!.GetValue<string>());
        var tampered = await tenant.Send(HttpMethod.Post, "/api", new StringContent("""{"order":2}""", Encoding.UTF8, "application/json"),
            ("Date", date), ("Digest", digest), Signed("/api", date, method: "POST"));
        Assert.Equal((401, "HMAC signature does not match"), (tampered.Code, tampered.Json["message"]!.GetValue<string>()));
    }
}
