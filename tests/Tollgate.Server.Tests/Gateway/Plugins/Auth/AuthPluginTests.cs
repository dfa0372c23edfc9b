using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using static Tollgate.Server.Gateway.Plugins.PluginTenant;

namespace Tollgate.Server.Gateway.Plugins.Auth;

/// <summary>basic-auth, jwt and acl through the real gateway, alone and combined with anonymous fallbacks.</summary>
public class AuthPluginTests(SqliteNodeFixture fixture) : IClassFixture<SqliteNodeFixture>
{
    private readonly TollgateNode _node = fixture.Node;

    private static (string, string) Basic(string user, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Jwt(string iss, string secret, long? exp = null, string alg = "HS256")
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","typ":"JWT"}"""));
        var claims = B64(Encoding.UTF8.GetBytes(exp is null ? $$"""{"iss":"{{iss}}"}""" : $$"""{"iss":"{{iss}}","exp":{{exp}}}"""));
        var signature = B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }

    [Fact]
    public async Task Basic_auth_identifies_the_consumer_and_refuses_wrong_passwords()
    {
        await using var tenant = await Start(_node, """[{"name":"basic-auth","config":{"hide_credentials":true}}]""");
        var missing = await tenant.Get("/api");
        Assert.Equal(401, missing.Code);
        Assert.Equal("Basic realm=\"service\"", missing.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Unauthorized", missing.Json["message"]!.GetValue<string>());

        Assert.Equal(401, (await tenant.Get("/api", Basic("alice", "wrong"))).Code);
        for (var i = 0; i < 2; i++)
        {
            var ok = await tenant.Get("/api", Basic("alice", "alice-pass"));
            Assert.Equal(200, ok.Code);
            Assert.Equal("alice", Received(ok, "X-Consumer-Username"));
            Assert.Null(Received(ok, "Authorization"));
        }
        Assert.Equal(401, (await tenant.Get("/api", Basic("alice", "wrong"))).Code);
        Assert.Equal(2, tenant.UpstreamHits);
    }

    [Fact]
    public async Task A_changed_basic_auth_password_is_refused_once_the_change_lands()
    {
        await using var tenant = await Start(_node, """[{"name":"basic-auth"}]""");
        Assert.Equal(200, (await tenant.Get("/api", Basic("alice", "alice-pass"))).Code);
        Assert.Equal(200, (await tenant.Admin.Patch($"/{tenant.Slug}/consumers/alice/basic-auth/alice", """{"password":"new-pass"}""")).Code);
        await Eventually.Holds(async () => (await tenant.Get("/api", Basic("alice", "alice-pass"))).Code == 401, Soon, "the old password being refused");
        Assert.Equal(200, (await tenant.Get("/api", Basic("alice", "new-pass"))).Code);
    }

    [Fact]
    public async Task Jwt_checks_signature_algorithm_and_expiry_with_kongs_answers()
    {
        await using var tenant = await Start(_node, """[{"name":"jwt","config":{"claims_to_verify":["exp"]}}]""");
        var future = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var ok = await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("alice-iss", "alice-secret", future)));
        Assert.Equal(200, ok.Code);
        Assert.Equal("alice", Received(ok, "X-Consumer-Username"));
        Assert.Equal(200, (await tenant.Get("/api?jwt=" + Jwt("alice-iss", "alice-secret", future))).Code);

        Assert.Equal(401, (await tenant.Get("/api")).Code);
        var badSignature = await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("alice-iss", "other-secret", future)));
        Assert.Equal((401, "Invalid signature"), (badSignature.Code, badSignature.Json["message"]!.GetValue<string>()));
        var unknown = await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("nobody", "x", future)));
        Assert.Equal((401, "No credentials found for given 'iss'"), (unknown.Code, unknown.Json["message"]!.GetValue<string>()));
        var expired = await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("alice-iss", "alice-secret", future - 3600)));
        Assert.Equal((401, "token expired"), (expired.Code, expired.Json["exp"]!.GetValue<string>()));
        var algorithm = await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("alice-iss", "alice-secret", future, "HS512")));
        Assert.Equal((403, "Invalid algorithm"), (algorithm.Code, algorithm.Json["message"]!.GetValue<string>()));
        var garbage = await tenant.Get("/api", ("Authorization", "Bearer not.a.jwt"));
        Assert.Equal(401, garbage.Code);
        var numericAlg = "eyJhbGciOjV9." + Jwt("alice-iss", "alice-secret", future).Split('.')[1] + ".c2ln";
        Assert.Equal(403, (await tenant.Get("/api", ("Authorization", "Bearer " + numericAlg))).Code);
    }

    [Fact]
    public async Task Jwt_credentials_are_served_under_the_consumer_with_generated_secrets()
    {
        await using var tenant = await Start(_node, "[]");
        var created = await tenant.Admin.Post($"/{tenant.Slug}/consumers/bob/jwt", "{}");
        Assert.Equal(201, created.Code);
        Assert.False(string.IsNullOrEmpty(created.Json["key"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(created.Json["secret"]!.GetValue<string>()));
        Assert.Equal("HS256", created.Json["algorithm"]!.GetValue<string>());
        var listed = await tenant.Admin.Get($"/{tenant.Slug}/consumers/bob/jwt");
        Assert.Single(listed.Json["data"]!.AsArray());
        var bad = await tenant.Admin.Post($"/{tenant.Slug}/consumers/bob/jwt", """{"algorithm":"none"}""");
        Assert.Equal(400, bad.Code);
        Assert.NotNull(bad.Json["fields"]!["algorithm"]);
    }

    [Fact]
    public async Task Jwt_and_hmac_secrets_are_shown_once_stored_sealed_and_still_verify()
    {
        await using var tenant = await Start(_node, """[{"name":"jwt"}]""");
        var created = await tenant.Admin.Post($"/{tenant.Slug}/consumers/bob/jwt", """{"key":"bob-iss"}""");
        var secret = created.Json["secret"]!.GetValue<string>();
        var hmac = await tenant.Admin.Post($"/{tenant.Slug}/consumers/bob/hmac-auth", """{"username":"bob-hmac","secret":"bob-hmac-plain-secret"}""");
        Assert.Equal("bob-hmac-plain-secret", hmac.Json["secret"]!.GetValue<string>());

        var shown = await tenant.Admin.Get($"/{tenant.Slug}/consumers/bob/jwt/bob-iss");
        Assert.Equal(200, shown.Code);
        Assert.Null(shown.Json["secret"]);
        Assert.Null(shown.Json["secret_sealed"]);
        Assert.Null((await tenant.Admin.Get($"/{tenant.Slug}/consumers/bob/hmac-auth/bob-hmac")).Json["secret"]);
        var exported = (await tenant.Admin.Get($"/{tenant.Slug}/config")).Text;
        Assert.DoesNotContain(secret, exported);
        Assert.DoesNotContain("bob-hmac-plain-secret", exported);
        foreach (var file in Directory.EnumerateFiles(_node.Settings.DataDir, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllTextAsync(file);
            Assert.False(bytes.Contains(secret) || bytes.Contains("bob-hmac-plain-secret"), $"{file} holds a secret in the clear");
        }

        var accepted = await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("bob-iss", secret)));
        Assert.Equal(200, accepted.Code);
        Assert.Equal("bob", Received(accepted, "X-Consumer-Username"));
        Assert.Equal(200, (await tenant.Admin.Patch($"/{tenant.Slug}/consumers/bob/jwt/bob-iss", """{"secret":"rotated-secret"}""")).Code);
        await Eventually.Holds(async () => (await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("bob-iss", "rotated-secret")))).Code == 200,
            Soon, "the rotated secret being accepted");
        Assert.Equal(401, (await tenant.Get("/api", ("Authorization", "Bearer " + Jwt("bob-iss", secret)))).Code);
    }

    [Fact]
    public async Task Acl_allows_by_group_refuses_others_and_tells_the_upstream_the_groups()
    {
        await using var tenant = await Start(_node, """[{"name":"key-auth"},{"name":"acl","config":{"allow":["gold"]}}]""");
        var alice = await tenant.Get("/api", ("apikey", "alice-key"));
        Assert.Equal(200, alice.Code);
        Assert.Equal("gold", Received(alice, "X-Consumer-Groups"));
        var bob = await tenant.Get("/api", ("apikey", "bob-key"));
        Assert.Equal((403, "You cannot consume this service"), (bob.Code, bob.Json["message"]!.GetValue<string>()));

        Assert.Equal(201, (await tenant.Admin.Post($"/{tenant.Slug}/consumers/bob/acls", """{"group":"gold"}""")).Code);
        await Eventually.Holds(async () => (await tenant.Get("/api", ("apikey", "bob-key"))).Code == 200, Soon, "bob's new group applying");
    }

    [Fact]
    public async Task Two_auth_plugins_with_anonymous_accept_either_credential()
    {
        await using var tenant = await Start(_node,
            """[{"name":"key-auth","config":{"anonymous":"guest"}},{"name":"basic-auth","config":{"anonymous":"guest"}},{"name":"acl","config":{"deny":["nobody"]}}]""");
        var byKey = await tenant.Get("/api", ("apikey", "bob-key"));
        Assert.Equal("bob", Received(byKey, "X-Consumer-Username"));
        var byPassword = await tenant.Get("/api", Basic("alice", "alice-pass"));
        Assert.Equal("alice", Received(byPassword, "X-Consumer-Username"));
        Assert.Null(Received(byPassword, "X-Anonymous-Consumer"));
        var neither = await tenant.Get("/api");
        Assert.Equal("guest", Received(neither, "X-Consumer-Username"));
        Assert.Equal("true", Received(neither, "X-Anonymous-Consumer"));
    }
}
