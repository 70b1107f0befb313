namespace DownloadModels.Tests.Release;

/// <summary>
/// The binary in a root file system that holds only it and the C library (what a distroless or FROM scratch
/// image with glibc gives), run with chroot against the fake hub over HTTPS: no OpenSSL on the "system", no
/// passwd file, no home, and the CA store only where each case puts it.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class RootFileSystemTests
{
    private const string DebianBundle = "/etc/ssl/certs/ca-certificates.crt";

    [Test]
    public async Task DefaultRun_HomeSet_DownloadsOverHttps(CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        root.Write(DebianBundle, hub.Ca.RootPem);
        Directory.CreateDirectory(root.Inside("/root"));

        var result = await root.RunAsync(Env(hub, ("HOME", "/root")), null, "get", TlsHub.RepoId);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("Cache: /root/.cache/huggingface/hub (from default)");
        await Assert.That(TlsHub.SizeOf(root.Inside(hub.ModelFile("/root/.cache/huggingface/hub")))).IsEqualTo(TlsHub.LfsSize);
    }

    [Test]
    [Arguments(null, "HF_HOME", "/data")]
    [Arguments(null, "HF_HUB_CACHE", "/data/hub")]
    [Arguments(null, "--cache-dir", "/data")]
    [Arguments("", "HF_HOME", "/data")]
    [Arguments("/nonexistent", "HF_HOME", "/data")]
    [Arguments("/nonexistent", "HF_HUB_CACHE", "/data/hub")]
    public async Task NoHome_CacheGiven_DownloadsOverHttps(string? home, string how, string where, CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        root.Write(DebianBundle, hub.Ca.RootPem);
        var env = Env(hub);
        if (home is not null)
            env["HOME"] = home;
        string[] args = ["get", TlsHub.RepoId];
        if (how == "--cache-dir")
            args = [.. args, "--cache-dir", where];
        else
            env[how] = where;

        var result = await root.RunAsync(env, null, args);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(File.Exists(root.Inside(hub.ModelFile("/data/hub")))).IsTrue();
    }

    [Test]
    [Arguments(null)]
    [Arguments("")]
    [Arguments("/nonexistent")]
    public async Task NoHome_NoCacheGiven_OneLineSaysWhatToSet(string? home, CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        root.Write(DebianBundle, hub.Ca.RootPem);
        var env = Env(hub);
        if (home is not null)
            env["HOME"] = home;

        var result = await root.RunAsync(env, null, "get", TlsHub.RepoId);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr.Trim().Split('\n').Length).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("--cache-dir");
        await Assert.That(result.StdErr).Contains("HF_HOME");
        await Assert.That(hub.Hub.Requests).IsEmpty();
    }

    [Test]
    public async Task UnwritableHome_NoCacheGiven_OneLineNamesCacheDir(CancellationToken ct)
    {
        // docker run --user 1234 with no passwd entry sets HOME=/, which that user cannot write.
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        root.Write(DebianBundle, hub.Ca.RootPem);

        var result = await root.RunAsync(Env(hub, ("HOME", "/")), "1234:1234", "get", TlsHub.RepoId);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.ErrorLines.Length).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("is not writable");
        await Assert.That(result.StdErr).Contains("--cache-dir");
        await Assert.That(hub.Hub.Requests).IsEmpty();
    }

    [Test]
    public async Task UserWithoutPasswdEntry_HomeUnset_DownloadsOverHttps(CancellationToken ct)
    {
        // docker run --user 1234: no passwd entry, no home; the runtime's certificate code must not care.
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        root.Write(DebianBundle, hub.Ca.RootPem);

        var result = await root.RunAsync(Env(hub), "1234:1234", "get", TlsHub.RepoId, "--cache-dir", "/tmp/models");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.Exists(root.Inside(hub.ModelFile("/tmp/models/hub")))).IsTrue();
    }

    [Test]
    public async Task NoCertificateStore_OneClearLineNamingBothRemedies(CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();

        var result = await root.RunAsync(Env(hub, ("HF_HOME", "/data")), null, "get", TlsHub.RepoId, "--retries", "0");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("no CA certificates found on this system: install the ca-certificates package, or set SSL_CERT_FILE");
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(result.All).DoesNotContain("Exception");
    }

    [Test]
    [Arguments("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem")] // RHEL, Fedora
    [Arguments("/etc/ssl/ca-bundle.pem")]                            // openSUSE, SLES
    [Arguments("/etc/ssl/cert.pem")]                                 // Alpine
    [Arguments("/etc/ssl/certs/1a2b3c4d.0")]                         // a hashed folder only
    public async Task SystemStore_OtherDistributionsLocation_Trusted(string location, CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        root.Write(location, hub.Ca.RootPem);

        var result = await root.RunAsync(Env(hub, ("HF_HOME", "/data")), null, "get", TlsHub.RepoId);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
    }

    [Test]
    [Arguments("SSL_CERT_FILE", "/corp/proxy-ca.pem", "/corp/proxy-ca.pem")]
    [Arguments("SSL_CERT_DIR", "/corp/certs", "/corp/certs/proxy-ca.pem")]
    public async Task OpenSslVariable_NamesTheOnlyTrustedCa_Honoured(string variable, string value, string file, CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var root = await RootFileSystem.CreateAsync();
        using var unrelated = new Tls.TestCertificateAuthority("unrelated system CA");
        root.Write(DebianBundle, unrelated.RootPem);
        root.Write(file, hub.Ca.RootPem);

        var without = await root.RunAsync(Env(hub, ("HF_HOME", "/data")), null, "get", TlsHub.RepoId, "--retries", "0");
        var with = await root.RunAsync(Env(hub, ("HF_HOME", "/data"), (variable, value)), null, "get", TlsHub.RepoId);

        await Assert.That(without.ExitCode).IsEqualTo(1).Because(without.ToString());
        await Assert.That(without.StdErr).Contains("TLS handshake failed");
        await Assert.That(with.ExitCode).IsEqualTo(0).Because(with.ToString());
    }

    private static Dictionary<string, string> Env(TlsHub hub, params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HF_ENDPOINT"] = hub.Hub.ApiUrl,
            ["DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS"] = "20",
        };
        foreach (var (name, value) in extra)
            env[name] = value;
        return env;
    }
}
