using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Gateway.Plugins.HmacAuth;

/// <summary>The parameters of an <c>hmac username="…", algorithm="…", headers="…", signature="…"</c> authorization.</summary>
public sealed record HmacSignature(string Username, string Algorithm, string[] Headers, byte[] Signature)
{
    /// <summary>The signature's parameters, or null when the header is not an hmac authorization with all four of them.</summary>
    public static HmacSignature? Parse(string header)
    {
        var text = header.Trim();
        if (!text.StartsWith("hmac ", StringComparison.OrdinalIgnoreCase)) return null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text[5..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) return null;
            var value = part[(equals + 1)..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return null;
            fields[part[..equals].Trim()] = value[1..^1];
        }
        if (!fields.TryGetValue("username", out var username) || !fields.TryGetValue("algorithm", out var algorithm)
            || !fields.TryGetValue("headers", out var headers) || !fields.TryGetValue("signature", out var signature))
        {
            return null;
        }
        try
        {
            return new HmacSignature(username, algorithm, headers.Split(' ', StringSplitOptions.RemoveEmptyEntries), Convert.FromBase64String(signature));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public byte[] Sign(byte[] secret, string signingString)
    {
        var data = Encoding.UTF8.GetBytes(signingString);
        return Algorithm switch
        {
            "hmac-sha1" => HMACSHA1.HashData(secret, data),
            "hmac-sha256" => HMACSHA256.HashData(secret, data),
            "hmac-sha384" => HMACSHA384.HashData(secret, data),
            _ => HMACSHA512.HashData(secret, data),
        };
    }
}
