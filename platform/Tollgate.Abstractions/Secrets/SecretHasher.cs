using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Secrets;

/// <summary>
/// Hashes secrets: API keys and admin tokens with HMAC-SHA-256 under the deployment's key (so a gateway can look
/// a key up by its hash), passwords with salted PBKDF2-SHA-256 (slow, checked once and then cached by gateways).
/// </summary>
public sealed class SecretHasher(byte[] deploymentKey)
{
    private const int Iterations = 100_000;
    public const string PasswordPrefix = "$pbkdf2-sha256$";

    public string KeyHash(string secret) => KeyedHash.Of(deploymentKey, secret);

    /// <summary>Seals the secrets that cannot be hashed because they must stay readable (JWT, hmac-auth).</summary>
    public SecretSealer Sealer { get; } = new(deploymentKey);

    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{PasswordPrefix}{Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool IsPasswordHash(string value) => value.StartsWith(PasswordPrefix, StringComparison.Ordinal);

    public static bool VerifyPassword(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 5 || !int.TryParse(parts[2], out var iterations))
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[3]);
        var expected = Convert.FromBase64String(parts[4]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A new random secret, URL-safe, with a prefix that says what it is.</summary>
    public static string NewSecret(string prefix = "") =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
