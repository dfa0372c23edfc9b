using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.Jwt;

/// <summary>A compact JWT split into its parts, with its signature checked against a secret or public key.</summary>
public sealed record JwtToken(JsonObject Header, JsonObject Claims, byte[] SigningInput, byte[] Signature)
{
    public string? Algorithm => Header["alg"] is { } alg && alg.GetValueKind() == System.Text.Json.JsonValueKind.String ? alg.GetValue<string>() : null;

    /// <summary>The token, or null with Kong's reason when it is not a well-formed JWT.</summary>
    public static JwtToken? Parse(string token, out string? error)
    {
        error = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "Bad token; invalid JSON";
            return null;
        }
        try
        {
            var header = JsonNode.Parse(Base64Url(parts[0])) as JsonObject;
            var claims = JsonNode.Parse(Base64Url(parts[1])) as JsonObject;
            if (header is null || claims is null || header["alg"] is null)
            {
                error = "Bad token; invalid JSON";
                return null;
            }
            return new JwtToken(header, claims, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            error = "Bad token; invalid JSON";
            return null;
        }
    }

    public static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.FromBase64String(padded);
    }

    /// <summary>
    /// Whether the signature is the algorithm's over the token with this secret (HS) or PEM public key (RS, ES); a
    /// key that cannot be read verifies nothing.
    /// </summary>
    public bool Verify(string algorithm, byte[] secret, string? publicKeyPem)
    {
        try
        {
            return VerifyWith(algorithm, secret, publicKeyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private bool VerifyWith(string algorithm, byte[] secret, string? publicKeyPem)
    {
        var hash = algorithm[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        switch (algorithm[..2])
        {
            case "HS":
                var expected = hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(secret, SigningInput)
                    : hash == HashAlgorithmName.SHA384 ? HMACSHA384.HashData(secret, SigningInput)
                    : HMACSHA512.HashData(secret, SigningInput);
                return CryptographicOperations.FixedTimeEquals(expected, Signature);
            case "RS" when publicKeyPem is not null:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem(publicKeyPem);
                    return rsa.VerifyData(SigningInput, Signature, hash, RSASignaturePadding.Pkcs1);
                }
            case "ES" when publicKeyPem is not null:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportFromPem(publicKeyPem);
                    return ecdsa.VerifyData(SigningInput, Signature, hash);
                }
            default:
                return false;
        }
    }
}
