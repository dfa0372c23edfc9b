using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Testing;

/// <summary>
/// An OpenID Connect issuer on loopback for the gateway's openid-connect tests: a discovery document, a JWKS with its
/// RSA signing keys (rotated on request), and access tokens it signs. Counts JWKS reads, to show the gateway caches them.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly List<(string Kid, RSA Key)> _keys = [];
    private int _jwksReads;

    private TestIssuer()
    {
        _server = new LoopbackServer(TollgateNode.FreePort(), app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new { issuer = Url, jwks_uri = $"{Url}/jwks" }));
            app.MapGet("/jwks", () =>
            {
                Interlocked.Increment(ref _jwksReads);
                lock (_keys) return Results.Json(new { keys = _keys.Select(k => Jwk(k.Kid, k.Key)).ToArray() });
            });
        });
        Rotate();
    }

    public string Url => $"http://127.0.0.1:{_server.Port}";
    public int JwksReads => Volatile.Read(ref _jwksReads);

    public static async Task<TestIssuer> Start()
    {
        var issuer = new TestIssuer();
        await issuer._server.Start();
        return issuer;
    }

    /// <summary>Adds a new signing key, which new tokens use; the old ones stay published.</summary>
    public void Rotate()
    {
        lock (_keys) _keys.Add(($"key-{_keys.Count + 1}", RSA.Create(2048)));
    }

    /// <summary>A token signed with the newest key (or another key the issuer never published), with these claims.</summary>
    public string Token(JsonObject claims, bool unpublishedKey = false)
    {
        var (kid, key) = unpublishedKey ? ("key-stranger", RSA.Create(2048)) : _keys[^1];
        var header = B64(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "RS256", ["typ"] = "at+jwt", ["kid"] = kid }.ToJsonString()));
        var payload = B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{B64(signature)}";
    }

    /// <summary>Claims of a token valid for an hour from this issuer.</summary>
    public JsonObject Claims(string subject, string audience, string scope) => new()
    {
        ["iss"] = Url,
        ["sub"] = subject,
        ["aud"] = audience,
        ["scope"] = scope,
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
    };

    private static object Jwk(string kid, RSA key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new { kty = "RSA", use = "sig", alg = "RS256", kid, n = B64(parameters.Modulus!), e = B64(parameters.Exponent!) };
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync() => await _server.Stop();
}
