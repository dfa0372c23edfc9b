using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Secrets;

/// <summary>
/// Seals secrets that must stay readable to verify signatures (JWT and hmac-auth secrets): AES-256-GCM under a key
/// derived from the deployment's key, so the database and exports hold only ciphertext, and only the platform's own
/// processes (control plane, gateways) can open them.
/// </summary>
public sealed class SecretSealer(byte[] deploymentKey)
{
    private const string Version = "v1:";
    private readonly byte[] _key = HMACSHA256.HashData(deploymentKey, "tollgate credential seal v1"u8);

    public string Seal(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[12 + 16 + plain.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret, or null when the text was not sealed by this deployment.</summary>
    public string? Unseal(string text)
    {
        if (!text.StartsWith(Version, StringComparison.Ordinal)) return null;
        try
        {
            var sealedBytes = Convert.FromBase64String(text[Version.Length..]);
            if (sealedBytes.Length < 28) return null;
            var plain = new byte[sealedBytes.Length - 28];
            using var aes = new AesGcm(_key, 16);
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
