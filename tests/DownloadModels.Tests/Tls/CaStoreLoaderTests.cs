using DownloadModels.Tests.Settings;
using DownloadModels.Tls;

namespace DownloadModels.Tests.Tls;

/// <summary>
/// Where the CA store is looked for, on a fake file-system root: each distribution's bundle, OpenSSL's
/// variables replacing it, and one line naming both remedies when there is nothing.
/// </summary>
public sealed class CaStoreLoaderTests
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    [Test]
    [Arguments("etc/ssl/certs/ca-certificates.crt")]                // Debian, Ubuntu, Alpine
    [Arguments("etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem")] // RHEL, Fedora
    [Arguments("etc/pki/tls/certs/ca-bundle.crt")]                  // RHEL, Fedora (older name)
    [Arguments("etc/ssl/ca-bundle.pem")]                            // openSUSE, SLES
    [Arguments("etc/ssl/cert.pem")]                                 // Alpine
    public async Task Load_DistributionBundle_Found(string bundle)
    {
        using var ca = new TestCertificateAuthority();
        using var root = new TempFolder();
        var path = root.Write(bundle, ca.RootPem);

        var store = CaStoreLoader.Load(NoVariables, root.Path);

        await Assert.That(store.Problem).IsNull();
        await Assert.That(store.Source).IsEqualTo(path);
        await Assert.That(store.Certificates.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Load_OnlyHashedFolder_ReadsEveryCertificateInIt()
    {
        using var first = new TestCertificateAuthority("first");
        using var second = new TestCertificateAuthority("second");
        using var root = new TempFolder();
        root.Write("etc/ssl/certs/1a2b3c4d.0", first.RootPem);
        root.Write("etc/ssl/certs/5e6f7a8b.0", second.RootPem);
        root.Write("etc/ssl/certs/README", "not a certificate");

        var store = CaStoreLoader.Load(NoVariables, root.Path);

        await Assert.That(store.Problem).IsNull();
        await Assert.That(store.Certificates.Count).IsEqualTo(2);
    }

    [Test]
    public async Task Load_NothingAnywhere_ProblemNamesBothRemedies()
    {
        using var root = new TempFolder();
        root.Write("etc/ssl/certs/ca-certificates.crt", "");

        var store = CaStoreLoader.Load(NoVariables, root.Path);

        await Assert.That(store.Certificates.Count).IsEqualTo(0);
        await Assert.That(store.Problem).IsNotNull();
        await Assert.That(store.Problem!).Contains("ca-certificates");
        await Assert.That(store.Problem!).Contains("SSL_CERT_FILE");
        await Assert.That(store.Problem!).DoesNotContain("\n");
    }

    [Test]
    public async Task Load_SslCertFile_ReplacesTheSystemBundle()
    {
        using var system = new TestCertificateAuthority("system");
        using var corporate = new TestCertificateAuthority("corporate proxy");
        using var root = new TempFolder();
        root.Write("etc/ssl/certs/ca-certificates.crt", system.RootPem);
        var file = root.Write("corp/ca.pem", corporate.RootPem);

        var store = CaStoreLoader.Load(name => name == "SSL_CERT_FILE" ? file : null, root.Path);

        await Assert.That(store.Problem).IsNull();
        await Assert.That(store.Source).IsEqualTo($"SSL_CERT_FILE={file}");
        await Assert.That(store.Certificates.Select(c => c.Subject).ToArray()).IsEquivalentTo(["CN=corporate proxy"]);
    }

    [Test]
    public async Task Load_SslCertDir_EveryFolderOfTheList()
    {
        using var first = new TestCertificateAuthority("first");
        using var second = new TestCertificateAuthority("second");
        using var root = new TempFolder();
        var a = System.IO.Path.GetDirectoryName(root.Write("a/one.pem", first.RootPem))!;
        var b = System.IO.Path.GetDirectoryName(root.Write("b/two.crt", second.RootPem))!;

        var store = CaStoreLoader.Load(name => name == "SSL_CERT_DIR" ? $"{a}:{b}" : null, root.Path);

        await Assert.That(store.Problem).IsNull();
        await Assert.That(store.Certificates.Select(c => c.Subject).Order().ToArray()).IsEquivalentTo(["CN=first", "CN=second"]);
    }

    [Test]
    public async Task Load_SslCertFileUnreadable_ProblemNamesTheVariable()
    {
        using var system = new TestCertificateAuthority("system");
        using var root = new TempFolder();
        root.Write("etc/ssl/certs/ca-certificates.crt", system.RootPem);

        var store = CaStoreLoader.Load(name => name == "SSL_CERT_FILE" ? "/nowhere/ca.pem" : null, root.Path);

        await Assert.That(store.Certificates.Count).IsEqualTo(0);
        await Assert.That(store.Problem!).Contains("SSL_CERT_FILE=/nowhere/ca.pem");
    }

    [Test]
    public async Task Load_EmptyVariables_CountAsUnset()
    {
        using var system = new TestCertificateAuthority("system");
        using var root = new TempFolder();
        var bundle = root.Write("etc/ssl/cert.pem", system.RootPem);

        var store = CaStoreLoader.Load(name => name is "SSL_CERT_FILE" or "SSL_CERT_DIR" ? "" : null, root.Path);

        await Assert.That(store.Source).IsEqualTo(bundle);
        await Assert.That(store.Certificates.Count).IsEqualTo(1);
    }
}
