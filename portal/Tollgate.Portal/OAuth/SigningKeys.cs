using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Storage;

namespace Tollgate.Portal.OAuth;

/// <summary>
/// The RSA keys access tokens are signed with, in the database (table oauth_signing_keys) so that every portal process
/// signs with the same keys and publishes all of them in its JWKS. The first process to start makes the first key.
/// </summary>
public sealed class SigningKeys(Database database)
{
    /// <summary>Every stored key, newest first (the newest signs).</summary>
    public IReadOnlyList<RsaSecurityKey> Load()
    {
        var keys = Read();
        if (keys.Count > 0) return keys;
        using var rsa = RSA.Create(2048);
        using (var connection = database.OpenAsync().GetAwaiter().GetResult())
        {
            // Two processes starting together may each add one: both are published, the newer signs.
            connection.Command("INSERT INTO oauth_signing_keys (kid, private_key, created_at) VALUES (@kid, @key, @at)", null,
                ("@kid", Guid.NewGuid().ToString("N")[..16]), ("@key", rsa.ExportPkcs8PrivateKeyPem()),
                ("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ExecuteNonQuery();
        }
        return Read();
    }

    private List<RsaSecurityKey> Read()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var reader = connection.Command("SELECT kid, private_key FROM oauth_signing_keys ORDER BY created_at DESC").ExecuteReader();
        var keys = new List<RsaSecurityKey>();
        while (reader.Read())
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(reader.GetString(1));
            keys.Add(new RsaSecurityKey(rsa) { KeyId = reader.GetString(0) });
        }
        return keys;
    }
}
