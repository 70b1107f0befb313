using System.Security.Cryptography.X509Certificates;
using DownloadModels.Tls;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Tls;

/// <summary>
/// Server certificates checked against the loaded store only, over real TLS to the fake hub (Kestrel with a
/// certificate from a test CA): trusted roots, intermediates the server sends, foreign CAs and wrong names.
/// </summary>
public sealed class ServerTrustTests
{
    [Test]
    public async Task Handshake_RootInStore_Succeeds(CancellationToken ct)
    {
        using var ca = new TestCertificateAuthority();
        using var certificate = ca.IssueServer();
        await using var hub = await HubServer.StartAsync(null, certificate);
        using var client = Client(Store(ca));

        using var response = await client.GetAsync(RevisionUrl(hub), ct);

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
    }

    [Test]
    public async Task Handshake_IntermediateSentByServer_Succeeds(CancellationToken ct)
    {
        using var ca = new TestCertificateAuthority();
        using var certificate = ca.IssueServer(viaIntermediate: true);
        await using var hub = await HubServer.StartAsync(null, certificate, [ca.Intermediate]);
        using var client = Client(Store(ca));

        using var response = await client.GetAsync(RevisionUrl(hub), ct);

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
    }

    [Test]
    public async Task Handshake_CaNotInStore_Refused(CancellationToken ct)
    {
        using var serverCa = new TestCertificateAuthority("server's CA");
        using var otherCa = new TestCertificateAuthority("some other CA");
        using var certificate = serverCa.IssueServer();
        await using var hub = await HubServer.StartAsync(null, certificate);
        using var client = Client(Store(otherCa));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(hub.ApiUrl, ct));

        await Assert.That(error!.HttpRequestError).IsEqualTo(HttpRequestError.SecureConnectionError);
    }

    [Test]
    public async Task Handshake_CertificateForAnotherAddress_Refused(CancellationToken ct)
    {
        using var ca = new TestCertificateAuthority();
        using var certificate = ca.IssueServer(ipAddress: "127.0.0.2");
        await using var hub = await HubServer.StartAsync(null, certificate);
        using var client = Client(Store(ca));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(hub.ApiUrl, ct));

        await Assert.That(error!.HttpRequestError).IsEqualTo(HttpRequestError.SecureConnectionError);
    }

    [Test]
    public async Task Handshake_NoStore_FailsNamingBothRemedies(CancellationToken ct)
    {
        using var ca = new TestCertificateAuthority();
        using var certificate = ca.IssueServer();
        await using var hub = await HubServer.StartAsync(null, certificate);
        using var root = new TempFolder();
        using var client = Client(CaStoreLoader.Load(_ => null, root.Path));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(hub.ApiUrl, ct));

        await Assert.That(error!.InnerException).IsTypeOf<CertificateStoreException>();
        await Assert.That(error.InnerException!.Message).Contains("install the ca-certificates package");
        await Assert.That(error.InnerException!.Message).Contains("SSL_CERT_FILE");
    }

    [Test]
    public async Task PlainHttp_StoreNeverRead(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var loads = 0;
        using var handler = new SocketsHttpHandler { UseProxy = false };
        ServerTrust.Apply(handler, () =>
        {
            Interlocked.Increment(ref loads);
            return new CaStore([], "none", "no store");
        });
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(RevisionUrl(hub), ct);

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        await Assert.That(loads).IsEqualTo(0);
    }

    private static string RevisionUrl(HubServer hub)
    {
        hub.AddRepo("org/model").AddFile("config.json", "{}");
        return $"{hub.ApiUrl}/api/models/org/model/revision/main";
    }

    private static CaStore Store(TestCertificateAuthority ca) =>
        new([X509Certificate2.CreateFromPem(ca.RootPem)], "test", null);

    private static HttpClient Client(CaStore store)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        ServerTrust.Apply(handler, () => store);
        return new HttpClient(handler);
    }
}
