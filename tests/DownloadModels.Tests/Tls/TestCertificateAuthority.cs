using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DownloadModels.Tests.Tls;

/// <summary>
/// A certificate authority made by the test, trusted by nothing on the machine: a root, an intermediate it
/// signed, and server certificates for 127.0.0.1 issued by either. Trust comes only from where a test puts
/// <see cref="RootPem"/> (a CA bundle location, SSL_CERT_FILE...).
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly DateTimeOffset _notBefore = DateTimeOffset.UtcNow.AddDays(-2);
    private readonly DateTimeOffset _notAfter = DateTimeOffset.UtcNow.AddDays(3);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;

    public TestCertificateAuthority(string name = "download-models test CA")
    {
        _root = CreateAuthority($"CN={name}", issuer: null);
        _intermediate = CreateAuthority($"CN={name} intermediate", _root);
    }

    /// <summary>The root certificate as PEM: what a CA bundle holds.</summary>
    public string RootPem => _root.ExportCertificatePem() + "\n";

    public X509Certificate2 Intermediate => _intermediate;

    /// <summary>A server certificate (with its key) for 127.0.0.1, or for another name to test name checks.</summary>
    public X509Certificate2 IssueServer(bool viaIntermediate = false, string ipAddress = "127.0.0.1")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ipAddress}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Parse(ipAddress));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var issuer = viaIntermediate ? _intermediate : _root;
        using var issued = request.Create(issuer, _notBefore.AddDays(1), _notAfter.AddDays(-1), RandomSerial());
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a certificate whose key TLS servers can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        _intermediate.Dispose();
        _root.Dispose();
    }

    private X509Certificate2 CreateAuthority(string subject, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (notBefore, notAfter) = (_notBefore, _notAfter);
        if (issuer is null)
        {
            using var selfSigned = request.CreateSelfSigned(notBefore, notAfter);
            return X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pfx), null);
        }

        using var issued = request.Create(issuer, notBefore, notAfter, RandomSerial());
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    private static byte[] RandomSerial() => RandomNumberGenerator.GetBytes(12);
}
