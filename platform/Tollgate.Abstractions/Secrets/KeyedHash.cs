using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Secrets;

/// <summary>The keyed hash API keys and admin tokens are stored under: HMAC-SHA-256 with the deployment key, lowercase hex.</summary>
public static class KeyedHash
{
    public static string Of(byte[] deploymentKey, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(deploymentKey, Encoding.UTF8.GetBytes(secret)));
}
