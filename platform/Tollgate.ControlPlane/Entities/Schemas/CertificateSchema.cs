using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>Kong's Certificate (a PEM certificate and key) and the SNIs that select it.</summary>
internal static class CertificateSchema
{
    public static EntitySchema Create() => new("certificates", "certificates", Entity(
        Field.String("cert") with { Required = true, Rule = Pem("certificate") },
        Field.String("key") with { Required = true, Rule = Pem("key") },
        Field.String("cert_alt") with { Rule = Pem("certificate") },
        Field.String("key_alt") with { Rule = Pem("key") },
        Field.Tags()))
    {
        Singular = "certificate",
        EntityChecks = Check,
        InputOnly = new HashSet<string> { "snis" },
    };

    public static EntitySchema Snis() => new("snis", "snis", Entity(
        Field.String("name") with { Required = true, Unique = true, Rule = Rules.WildcardHost },
        Field.Foreign("certificate", "certificates", OnDelete.Cascade) with { Required = true },
        Field.Tags()))
    {
        Singular = "sni",
        EndpointKey = "name",
    };

    private static Func<JsonNode, string?> Pem(string what) => value =>
        value.GetValue<string>().Contains("-----BEGIN", StringComparison.Ordinal) ? null : $"invalid {what}: not a PEM";

    private static IEnumerable<string> Check(JsonObject certificate)
    {
        var errors = new List<string>();
        Pair(certificate["cert"], certificate["key"], "cert", "key", errors);
        if (certificate["cert_alt"] is not null || certificate["key_alt"] is not null)
        {
            if (certificate["cert_alt"] is null || certificate["key_alt"] is null)
                errors.Add("all or none of these fields must be set: 'cert_alt', 'key_alt'");
            else
                Pair(certificate["cert_alt"], certificate["key_alt"], "cert_alt", "key_alt", errors);
        }
        return errors;
    }

    /// <summary>The certificate must parse and the key must be its private key.</summary>
    private static void Pair(JsonNode? cert, JsonNode? key, string certName, string keyName, List<string> errors)
    {
        try
        {
            using var parsed = X509Certificate2.CreateFromPem(cert!.GetValue<string>(), key!.GetValue<string>());
        }
        catch (CryptographicException e)
        {
            errors.Add($"'{certName}' and '{keyName}' are not a valid certificate and matching private key: {e.Message}");
        }
        catch (ArgumentException e)
        {
            errors.Add($"'{certName}' and '{keyName}' are not a valid certificate and matching private key: {e.Message}");
        }
    }
}
