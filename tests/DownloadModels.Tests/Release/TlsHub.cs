using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Tls;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Release;

/// <summary>
/// The fake hub over HTTPS (Kestrel) with a certificate from a CA the test made, holding one small repo with
/// a regular file and an LFS file, so a download exercises TLS, the CDN redirect and sha256 checks.
/// </summary>
internal sealed class TlsHub : IAsyncDisposable
{
    public const string RepoId = "org/model";
    public const int LfsSize = 300_000;

    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate;

    private TlsHub(TestCertificateAuthority ca, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, HubServer hub, FakeRepo repo)
    {
        Ca = ca;
        _certificate = certificate;
        Hub = hub;
        Repo = repo;
    }

    public TestCertificateAuthority Ca { get; }

    public HubServer Hub { get; }

    public FakeRepo Repo { get; }

    public static async Task<TlsHub> StartAsync()
    {
        var ca = new TestCertificateAuthority();
        var certificate = ca.IssueServer(viaIntermediate: true);
        var hub = await HubServer.StartAsync(null, certificate, [ca.Intermediate]);
        var repo = hub.AddRepo(RepoId).AddFile("config.json", "{\"ok\": true}").AddFile("model.bin", LfsSize, lfs: true);
        return new TlsHub(ca, certificate, hub, repo);
    }

    /// <summary>The size of a file, through the snapshot's link to its blob.</summary>
    public static long SizeOf(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.Length;
    }

    /// <summary>Where the LFS file lands under a hub cache folder.</summary>
    public string ModelFile(string hubCache) =>
        System.IO.Path.Combine(hubCache, "models--org--model", "snapshots", Repo.Commit, "model.bin");

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _certificate.Dispose();
        Ca.Dispose();
    }
}
