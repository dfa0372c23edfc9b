using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
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
