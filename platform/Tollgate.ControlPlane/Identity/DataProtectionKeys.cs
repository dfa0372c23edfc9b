using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi;
using Tollgate.Storage;

namespace Tollgate.Identity;

/// <summary>
/// The data-protection key ring in the database (table data_protection_keys): every portal process signs and reads
/// cookies and antiforgery tokens with the same keys, so a sign-in on one is valid on the others and survives restarts.
/// </summary>
public sealed class DataProtectionKeys(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var reader = connection.Command("SELECT xml FROM data_protection_keys ORDER BY name").ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        connection.Command("INSERT INTO data_protection_keys (name, xml) VALUES (@n, @x) ON CONFLICT (name) DO NOTHING", null,
            ("@n", friendlyName), ("@x", element.ToString(SaveOptions.DisableFormatting))).ExecuteNonQuery();
    }
}

/// <summary>
/// Seals each data-protection key (AES-GCM under the deployment's key, as credentials' secrets are) before it is stored,
/// so that reading the database does not give what signs every portal cookie.
/// </summary>
public sealed class SealedKeyEncryptor(PlatformSecrets secrets) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        // Rare (a new key every 90 days) and off any request's hot path: the deployment key is read once and cached.
        var sealer = secrets.Hasher().AsTask().GetAwaiter().GetResult().Sealer;
        return new EncryptedXmlInfo(new XElement("sealed", sealer.Seal(plaintextElement.ToString(SaveOptions.DisableFormatting))), typeof(SealedKeyDecryptor));
    }
}

/// <summary>Unseals a key <see cref="SealedKeyEncryptor"/> sealed; made by the data-protection system from the service provider.</summary>
public sealed class SealedKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var sealer = services.GetRequiredService<PlatformSecrets>().Hasher().AsTask().GetAwaiter().GetResult().Sealer;
        return XElement.Parse(sealer.Unseal(encryptedElement.Value)
            ?? throw new InvalidOperationException("A data-protection key could not be unsealed: it was sealed under another deployment key."));
    }
}
