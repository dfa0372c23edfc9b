using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Plugins.Jwt;

namespace Tollgate.Gateway.Plugins.OpenIdConnect;

/// <summary>
/// The signing keys of each issuer that openid-connect plugins name, cached on the node: read from the issuer's
/// discovery document and JWKS when the first token for it arrives (that request waits, as in Kong), refreshed in the background every ten minutes, and at
/// once (at most once per rediscovery lifetime) when a token names a key not seen yet, which is how an issuer's key rotation arrives.
/// Requests verify tokens against the cached keys without calling the issuer. Tenant-configured issuers are reached
/// only on public addresses unless Gateway:PrivateLogEndpoints lifts that guard; the platform's own issuer
/// (Gateway:TrustedIssuers) on any.
/// </summary>
public sealed class IssuerKeys(GatewayOptions options, ILogger<IssuerKeys> logger)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(10);
    private readonly HttpClient _client = new(Net.EgressGuard.Handler(options.PrivateLogEndpoints)) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly HttpClient _trusted = new(Net.EgressGuard.Handler(allowPrivate: true)) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly HashSet<string> _trustedIssuers = [.. options.TrustedIssuers.Select(i => i.TrimEnd('/'))];
    private readonly ConcurrentDictionary<string, Issuer> _issuers = new();

    /// <summary>An issuer's keys by kid, the fetch that is getting them, and when they were last fetched.</summary>
    private sealed class Issuer
    {
        public volatile IReadOnlyDictionary<string, JsonObject> Keys = new Dictionary<string, JsonObject>();
        public Task? Fetching;
        public DateTime FetchedAt = DateTime.MinValue;
        public readonly Lock Gate = new();
    }

    /// <summary>The key a token names (by kid, or the only key when it names none); null when the issuer has no such key.</summary>
    public async ValueTask<JsonObject?> Find(string issuer, string? kid, TimeSpan rediscovery)
    {
        var entry = _issuers.GetOrAdd(issuer, _ => new Issuer());
        if (DateTime.UtcNow - entry.FetchedAt > Fresh) _ = Refresh(entry, issuer, TimeSpan.Zero);
        if (Pick(entry.Keys, kid) is { } key) return key;
        // Not known yet: the first request for this issuer, or a rotated key. Wait for one fetch.
        var fetching = Refresh(entry, issuer, rediscovery);
        if (fetching is not null)
        {
            try
            {
                await fetching.WaitAsync(TimeSpan.FromSeconds(6));
            }
            catch (TimeoutException)
            {
                // The issuer is slow: this token is refused; the fetch goes on for the next one.
            }
        }
        return Pick(entry.Keys, kid);
    }

    private static JsonObject? Pick(IReadOnlyDictionary<string, JsonObject> keys, string? kid) =>
        kid is not null ? keys.GetValueOrDefault(kid) : keys.Count == 1 ? keys.Values.First() : null;

    /// <summary>The fetch under way, or a new one unless the last ended less than <paramref name="notSooner"/> ago.</summary>
    private Task? Refresh(Issuer entry, string issuer, TimeSpan notSooner)
    {
        lock (entry.Gate)
        {
            if (entry.Fetching is { IsCompleted: false } running) return running;
            if (DateTime.UtcNow - entry.FetchedAt < notSooner) return null;
            entry.Fetching = Fetch(entry, issuer);
            return entry.Fetching;
        }
    }

    private async Task Fetch(Issuer entry, string issuer)
    {
        try
        {
            var client = _trustedIssuers.Contains(issuer) ? _trusted : _client;
            var discovery = JsonNode.Parse(await client.GetStringAsync($"{issuer}/.well-known/openid-configuration"));
            var jwksUri = discovery?["jwks_uri"]?.ToString() ?? throw new InvalidDataException("the discovery document has no jwks_uri");
            var jwks = JsonNode.Parse(await client.GetStringAsync(jwksUri));
            entry.Keys = (jwks?["keys"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(k => k["use"]?.ToString() is null or "sig")
                .GroupBy(k => k["kid"]?.ToString() ?? "")
                .ToDictionary(g => g.Key, g => g.First());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidDataException or InvalidOperationException)
        {
            logger.LogWarning("Signing keys of issuer {Issuer} not read: {Error}", issuer, e.Message);
        }
        finally
        {
            entry.FetchedAt = DateTime.UtcNow;
        }
    }

    /// <summary>Whether the token's signature is the key's (RSA or EC JWK) with the token's algorithm.</summary>
    public static bool Verify(JwtToken token, JsonObject jwk)
    {
        var algorithm = token.Algorithm ?? "";
        var hash = algorithm.EndsWith("384", StringComparison.Ordinal) ? HashAlgorithmName.SHA384
            : algorithm.EndsWith("512", StringComparison.Ordinal) ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        try
        {
            switch (jwk["kty"]?.ToString())
            {
                case "RSA" when algorithm is "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512":
                    using (var rsa = RSA.Create(new RSAParameters { Modulus = Bytes(jwk["n"]), Exponent = Bytes(jwk["e"]) }))
                    {
                        var padding = algorithm[0] == 'P' ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                        return rsa.VerifyData(token.SigningInput, token.Signature, hash, padding);
                    }
                case "EC" when algorithm is "ES256" or "ES384" or "ES512":
                    var curve = jwk["crv"]?.ToString() switch
                    {
                        "P-256" => ECCurve.NamedCurves.nistP256,
                        "P-384" => ECCurve.NamedCurves.nistP384,
                        _ => ECCurve.NamedCurves.nistP521,
                    };
                    using (var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Bytes(jwk["x"]), Y = Bytes(jwk["y"]) } }))
                    {
                        return ecdsa.VerifyData(token.SigningInput, token.Signature, hash);
                    }
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static byte[] Bytes(JsonNode? value) => JwtToken.Base64Url(value?.ToString() ?? "");
}
