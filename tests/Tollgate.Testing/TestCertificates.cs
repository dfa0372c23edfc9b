using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tollgate.Testing;

/// <summary>Self-signed certificates made on the fly for certificate and SNI tests.</summary>
public static class TestCertificates
{
    public static (string Cert, string Key) SelfSigned(string host)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (certificate.ExportCertificatePem(), rsa.ExportPkcs8PrivateKeyPem());
    }
}
