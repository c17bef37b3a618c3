using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>A certificate authority made for one test, and the certificates it issues, as cert-manager's CA issuer would.</summary>
internal sealed class TestAuthority : IDisposable
{
    private TestAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA's certificate, with its key.</summary>
    public X509Certificate2 Certificate { get; }

    public static TestAuthority Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new TestAuthority(request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1)));
    }

    /// <summary>A certificate for both ends of a connection (server and client authentication), as every fleet process presents.</summary>
    public X509Certificate2 Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Certificate, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();
}
