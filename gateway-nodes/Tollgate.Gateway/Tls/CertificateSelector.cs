using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tollgate.Gateway.Tenancy;

namespace Tollgate.Gateway.Tls;

/// <summary>
/// Picks the certificate for a TLS handshake on the HTTPS proxy port: the server name leads to its tenant (as a Host
/// does), and that tenant's SNIs to a certificate. Without a match, a self-signed default answers, as in Kong.
/// </summary>
public sealed class CertificateSelector(TenantTable tenants)
{
    private readonly Lazy<X509Certificate2> _default = new(SelfSigned);

    public X509Certificate2 Select(string? serverName)
    {
        var name = serverName?.ToLowerInvariant();
        return (name is null ? null : tenants.Find(name)?.Runtime.CertificateFor(name)) ?? _default.Value;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
