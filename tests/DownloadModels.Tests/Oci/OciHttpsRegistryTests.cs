using System.Security.Cryptography.X509Certificates;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;
using DownloadModels.Tests.Tls;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// A registry over HTTPS (docker-registry with <c>http.tls</c> and a certificate from a CA the test made): the
/// binary trusts it through SSL_CERT_FILE, as documented for the Hub, and needs no --registry-insecure; without
/// that CA the same pull is refused for the certificate and writes nothing.
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciHttpsRegistryTests
{
    [Test]
    public async Task HttpsRegistry_CaFromSslCertFile_PushAndPullWithoutInsecure()
    {
        await using var hub = await PipelineHub.StartAsync();
        using var ca = new TestCertificateAuthority();
        using var folder = new TempHome();
        using var server = ca.IssueServer();
        var certificate = folder.Sub("registry.pem");
        var key = folder.Sub("registry.key");
        var trusted = folder.Sub("ca.pem");
        await File.WriteAllTextAsync(certificate, server.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(key, server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        await File.WriteAllTextAsync(trusted, ca.RootPem);
        using var stranger = new TestCertificateAuthority("another test CA");
        await File.WriteAllTextAsync(folder.Sub("other-ca.pem"), stranger.RootPem);
        await using var registry = await TestRegistry.StartAsync(tls: (certificate, key));
        using var source = new TempHome();
        using var target = new TempHome();
        var reference = registry.Ref("secure/e5:v1");

        var push = await source.Run().Env("HF_HOME", source.Sub("hf")).Env("HF_ENDPOINT", hub.Url).Env("SSL_CERT_FILE", trusted)
            .RunAsync("push", reference, hub.E5.Id);
        var untrusted = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("SSL_CERT_FILE", folder.Sub("other-ca.pem")).RunAsync("pull", reference);
        var pull = await target.Run().Env("HF_HOME", target.Sub("hf")).Env("SSL_CERT_FILE", trusted).RunAsync("pull", reference);

        await Assert.That(registry.Url).StartsWith("https://");
        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push + "\n" + registry.Log);
        await Assert.That(untrusted.ExitCode).IsNotEqualTo(0).Because(untrusted.ToString());
        await Assert.That(untrusted.StdErr).Contains("certificate").Because(untrusted.ToString());
        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull + "\n" + registry.Log);
        var snapshot = Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(target), hub.E5), "snapshots", hub.E5.Commit);
        foreach (var path in hub.E5.Paths)
            await Assert.That(OciPushPullTests.Listing(snapshot)).Contains($"{path} {hub.E5.Sha256Of(path)}");
        await Assert.That(registry.AccessLines().Count(l => l.Method == "PUT" && l.Path.Contains("/manifests/", StringComparison.Ordinal))).IsGreaterThanOrEqualTo(1);
    }
}
